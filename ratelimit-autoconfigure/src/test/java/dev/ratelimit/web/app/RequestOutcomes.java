package dev.ratelimit.web.app;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the limiter's request counter, {@code ratelimit.requests}, of a tier and outcome.
 */
public final class RequestOutcomes {

	private RequestOutcomes() {
	}

	/**
	 * Return how many requests of a tier had an outcome.
	 * @param registry the application's meter registry
	 * @param tier the tier
	 * @param outcome the outcome's tag, such as {@code fallback_denied}
	 * @return the count, summed over the tier's limits
	 */
	public static double count(MeterRegistry registry, String tier, String outcome) {
		return registry.find("ratelimit.requests")
			.tag("tier", tier)
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
