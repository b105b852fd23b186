package dev.ratelimit.resilience;

import java.util.concurrent.ForkJoinPool;

import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TokenLeases;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Guards and fallbacks as most tests need them, built with the constructors the
 * application uses: one breaker, the system clock, 100,000 keys tracked, settlements on
 * the common pool.
 */
public final class TestGuards {

	private static final int MAX_KEYS = 100_000;

	private TestGuards() {
	}

	/**
	 * Create a guarded limiter behind one breaker.
	 * @param primary the shared limiter
	 * @param breaker the breaker around it
	 * @param fallback decides while the store is away
	 * @param observer told about every decision
	 * @return the guarded limiter
	 */
	public static FailSafeRateLimiter guard(RateLimiter primary, CircuitBreaker breaker, LocalFallback fallback,
			RateLimitObserver observer) {
		return new FailSafeRateLimiter(primary, PartitionBreakers.of(breaker), fallback, observer,
				new DenyCache(MicrosClock.monotonic(), MAX_KEYS), new TokenLeases(MicrosClock.monotonic(), MAX_KEYS),
				ForkJoinPool.commonPool());
	}

	/**
	 * Create a fallback on the system clock for a fixed number of nodes.
	 * @param nodes how many nodes share the load, at least 1
	 * @return the fallback
	 */
	public static LocalFallback fallback(int nodes) {
		return new LocalFallback(MicrosClock.system(), MAX_KEYS, Fleet.of(nodes));
	}

}
