package dev.ratelimit.metrics;

import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauge {@code ratelimit.in.flight} (tag {@code tier}): the permits of requests in flight
 * this node holds for each tier with a concurrency limit, in the shared store or, while
 * it is away, in the local fallback; never a tag per client.
 */
public class InFlightPermitsMetrics implements MeterBinder {

	/** Gauge name. */
	public static final String IN_FLIGHT = "ratelimit.in.flight";

	private final ConcurrencyGuard guard;

	private final ConcurrencyLimits limits;

	/**
	 * Create a binder.
	 * @param guard holds this node's permits
	 * @param limits the tiers' concurrency limits
	 */
	public InFlightPermitsMetrics(ConcurrencyGuard guard, ConcurrencyLimits limits) {
		this.guard = guard;
		this.limits = limits;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String tier : this.limits.all().keySet()) {
			Gauge.builder(IN_FLIGHT, this.guard, (guard) -> guard.held(tier))
				.description("Permits of requests in flight this node holds")
				.tag("tier", tier)
				.register(registry);
		}
	}

}
