package dev.ratelimit.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.Outcome;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records the limiter's work in Micrometer:
 * <ul>
 * <li>{@code ratelimit.requests} (counter; tags {@code tier}, {@code limit},
 * {@code outcome}): every decision;</li>
 * <li>{@code ratelimit.near.limit} (counter; tags {@code tier}, {@code limit}): admitted
 * requests that left less than 20 % of the deciding limit;</li>
 * <li>{@code ratelimit.backend.latency} (timer with percentile histogram; tag
 * {@code result}): each round trip to Redis.</li>
 * </ul>
 * No tag ever carries a per-client value.
 */
public class MicrometerRateLimitObserver implements RateLimitObserver {

	/** Requests counter name. */
	public static final String REQUESTS = "ratelimit.requests";

	/** Near-limit counter name. */
	public static final String NEAR_LIMIT = "ratelimit.near.limit";

	/** Backend latency timer name. */
	public static final String BACKEND_LATENCY = "ratelimit.backend.latency";

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Timer success;

	private final Timer failure;

	/**
	 * Create an observer.
	 * @param registry the registry to record into
	 */
	public MicrometerRateLimitObserver(MeterRegistry registry) {
		this.registry = registry;
		this.success = latency("success");
		this.failure = latency("failure");
	}

	private Timer latency(String result) {
		return Timer.builder(BACKEND_LATENCY)
			.description("Round trips to Redis for rate-limit decisions")
			.tag("result", result)
			.publishPercentileHistogram()
			.register(this.registry);
	}

	@Override
	public void decided(Tier tier, Outcome outcome, @Nullable Decision decision) {
		String limit = (decision != null) ? decision.deciding().spec().name() : "none";
		counter(REQUESTS, tier.name(), limit, outcome.tag()).increment();
		if (decision != null && decision.allowed() && decision.remaining() * 5 < decision.limit()) {
			counter(NEAR_LIMIT, tier.name(), limit, null).increment();
		}
	}

	@Override
	public void backendCall(Duration latency, boolean success) {
		(success ? this.success : this.failure).record(latency);
	}

	private Counter counter(String name, String tier, String limit, @Nullable String outcome) {
		String id = name + '\u0000' + tier + '\u0000' + limit + '\u0000' + outcome;
		return this.counters.computeIfAbsent(id, (key) -> {
			Counter.Builder builder = Counter.builder(name).tag("tier", tier).tag("limit", limit);
			if (outcome != null) {
				builder.tag("outcome", outcome);
			}
			return builder.register(this.registry);
		});
	}

}
