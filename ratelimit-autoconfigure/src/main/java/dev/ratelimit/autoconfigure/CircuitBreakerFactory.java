package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.resilience.Breakers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Builds the breakers' configuration from {@code ratelimit.circuit-breaker.*}, naming any
 * invalid property.
 */
final class CircuitBreakerFactory {

	private static final String PREFIX = "ratelimit.circuit-breaker.";

	private CircuitBreakerFactory() {
	}

	static CircuitBreakerConfig config(RateLimitProperties.Breaker properties) {
		float threshold = properties.getFailureRateThreshold();
		require(threshold > 0 && threshold <= 100, "failure-rate-threshold", threshold, "must be in (0, 100]");
		require(properties.getSlidingWindowSize() >= 1, "sliding-window-size", properties.getSlidingWindowSize(),
				"must be at least 1");
		require(properties.getMinimumNumberOfCalls() >= 1, "minimum-number-of-calls",
				properties.getMinimumNumberOfCalls(), "must be at least 1");
		Duration wait = properties.getWaitInOpenState();
		require(!wait.isNegative() && wait.toMillis() >= 1, "wait-in-open-state", wait, "must be at least 1ms");
		double jitter = properties.getWaitJitter();
		require(jitter >= 0 && jitter < 1, "wait-jitter", jitter, "must be at least 0 and below 1");
		require(properties.getPermittedCallsInHalfOpenState() >= 1, "permitted-calls-in-half-open-state",
				properties.getPermittedCallsInHalfOpenState(), "must be at least 1");
		return Breakers.config(threshold, properties.getSlidingWindowSize(), properties.getMinimumNumberOfCalls(), wait,
				jitter, properties.getPermittedCallsInHalfOpenState());
	}

	private static void require(boolean valid, String property, Object value, String reason) {
		ValidProperty.require(valid, PREFIX + property, value, reason);
	}

}
