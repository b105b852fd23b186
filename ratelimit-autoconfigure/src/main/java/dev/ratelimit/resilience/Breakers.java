package dev.ratelimit.resilience;

import java.time.Duration;

import dev.ratelimit.core.RateLimitBackendException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;

/**
 * Builds the Resilience4j breakers around Redis, with a randomized open-state wait.
 */
public final class Breakers {

	private Breakers() {
	}

	/**
	 * Create a breaker.
	 * @param name the breaker's name
	 * @param failureRateThreshold failure percentage that opens it
	 * @param slidingWindowSize calls in the count-based window
	 * @param minimumNumberOfCalls calls before the rate is evaluated
	 * @param waitInOpenState mean open-state wait
	 * @param waitJitter spread of the wait as a fraction, 0 inclusive to 1 exclusive
	 * @param permittedCallsInHalfOpenState probes while half-open
	 * @return the breaker
	 */
	public static CircuitBreaker create(String name, float failureRateThreshold, int slidingWindowSize,
			int minimumNumberOfCalls, Duration waitInOpenState, double waitJitter, int permittedCallsInHalfOpenState) {
		return CircuitBreaker.of(name, config(failureRateThreshold, slidingWindowSize, minimumNumberOfCalls,
				waitInOpenState, waitJitter, permittedCallsInHalfOpenState));
	}

	/**
	 * Build the configuration of a breaker around the store, counting only the store's
	 * failures.
	 * @param failureRateThreshold failure percentage that opens it
	 * @param slidingWindowSize calls in the count-based window
	 * @param minimumNumberOfCalls calls before the rate is evaluated
	 * @param waitInOpenState mean open-state wait
	 * @param waitJitter spread of the wait as a fraction, 0 inclusive to 1 exclusive
	 * @param permittedCallsInHalfOpenState probes while half-open
	 * @return the configuration
	 */
	public static CircuitBreakerConfig config(float failureRateThreshold, int slidingWindowSize,
			int minimumNumberOfCalls, Duration waitInOpenState, double waitJitter, int permittedCallsInHalfOpenState) {
		IntervalFunction wait = (waitJitter > 0) ? IntervalFunction.ofRandomized(waitInOpenState, waitJitter)
				: IntervalFunction.of(waitInOpenState);
		return CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(slidingWindowSize)
			.minimumNumberOfCalls(minimumNumberOfCalls)
			.failureRateThreshold(failureRateThreshold)
			.waitIntervalFunctionInOpenState(wait)
			.permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpenState)
			.recordExceptions(RateLimitBackendException.class)
			.build();
	}

}
