package dev.ratelimit.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * No tag ever carries a per-client value. The counters of a tier and deciding limit are
 * looked up once and kept, so a decision costs two map reads and an increment, with
 * nothing allocated.
 */
public class MicrometerRateLimitObserver implements RateLimitObserver {

	/** Requests counter name. */
	public static final String REQUESTS = "ratelimit.requests";

	/** Near-limit counter name. */
	public static final String NEAR_LIMIT = "ratelimit.near.limit";

	/** Backend latency timer name. */
	public static final String BACKEND_LATENCY = "ratelimit.backend.latency";

	private final MeterRegistry registry;

	private final Map<String, Map<String, LimitCounters>> counters = new ConcurrentHashMap<>();

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
		LimitCounters counters = counters(tier.name(), limit);
		counters.requests(outcome).increment();
		if (decision != null && decision.allowed() && decision.remaining() * 5 < decision.limit()) {
			counters.nearLimit().increment();
		}
	}

	@Override
	public void backendCall(Duration latency, boolean success) {
		(success ? this.success : this.failure).record(latency);
	}

	private LimitCounters counters(String tier, String limit) {
		Map<String, LimitCounters> byLimit = this.counters.get(tier);
		if (byLimit == null) {
			byLimit = this.counters.computeIfAbsent(tier, (name) -> new ConcurrentHashMap<>());
		}
		LimitCounters counters = byLimit.get(limit);
		if (counters == null) {
			counters = byLimit.computeIfAbsent(limit, (name) -> new LimitCounters(this.registry, tier, name));
		}
		return counters;
	}

	/**
	 * The counters of one tier and deciding limit, each registered on first use so that
	 * outcomes never seen are not exported as zeros.
	 */
	private static final class LimitCounters {

		private final MeterRegistry registry;

		private final String tier;

		private final String limit;

		private final AtomicReferenceArray<@Nullable Counter> requests = new AtomicReferenceArray<>(
				Outcome.values().length);

		private volatile @Nullable Counter nearLimit;

		LimitCounters(MeterRegistry registry, String tier, String limit) {
			this.registry = registry;
			this.tier = tier;
			this.limit = limit;
		}

		Counter requests(Outcome outcome) {
			Counter counter = this.requests.get(outcome.ordinal());
			if (counter == null) {
				counter = builder(REQUESTS).tag("outcome", outcome.tag()).register(this.registry);
				this.requests.set(outcome.ordinal(), counter);
			}
			return counter;
		}

		Counter nearLimit() {
			Counter counter = this.nearLimit;
			if (counter == null) {
				counter = builder(NEAR_LIMIT).register(this.registry);
				this.nearLimit = counter;
			}
			return counter;
		}

		private Counter.Builder builder(String name) {
			return Counter.builder(name).tag("tier", this.tier).tag("limit", this.limit);
		}

	}

}
