package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.resilience.WarmUp;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the limiter's warm-up during context refresh, after the Redis connection factory
 * has started and before the embedded web server takes traffic and the application
 * reports ready.
 */
final class RateLimitWarmUpLifecycle implements SmartLifecycle {

	/** Before the web server's start (its phase is {@code Integer.MAX_VALUE - 2048}). */
	static final int PHASE = Integer.MAX_VALUE - 4096;

	private final WarmUp warmUp;

	private final TierRegistry registry;

	private final Duration deadline;

	private volatile boolean running;

	/**
	 * Limits of a warm-up decision for a tier that only limits requests in flight: it
	 * still connects before traffic, so that the first permits do not wait for the
	 * connection and fall back.
	 */
	private static final List<LimitSpec> CONNECTION_ONLY = List
		.of(LimitSpec.of("connection", 1, Duration.ofSeconds(1)));

	RateLimitWarmUpLifecycle(WarmUp warmUp, TierRegistry registry, Duration deadline) {
		this.warmUp = warmUp;
		this.registry = registry;
		this.deadline = deadline;
	}

	@Override
	public void start() {
		List<List<LimitSpec>> limits = this.registry.names()
			.stream()
			.map((name) -> this.registry.require(name).limits())
			.map((tierLimits) -> tierLimits.isEmpty() ? CONNECTION_ONLY : tierLimits)
			.distinct()
			.toList();
		if (!limits.isEmpty() && !this.deadline.isZero()) {
			this.warmUp.run(limits, this.deadline);
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
