package dev.ratelimit.actuate;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the limiter's path to Redis by its circuit breaker: {@code UP} when closed,
 * {@code DEGRADED} while open or probing. Never {@code DOWN}: failure policies keep the
 * service answering, and restarting the application would not bring Redis back.
 */
public class RateLimitHealthIndicator implements HealthIndicator {

	/** Status while the breaker is open or half-open. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Redis is unavailable to the rate limiter; failure policies apply");

	private final CircuitBreaker breaker;

	private final String backend;

	/**
	 * Create an indicator.
	 * @param breaker the breaker around the backend
	 * @param backend the backend's name, such as {@code redis}
	 */
	public RateLimitHealthIndicator(CircuitBreaker breaker, String backend) {
		this.breaker = breaker;
		this.backend = backend;
	}

	@Override
	public Health health() {
		CircuitBreaker.State state = this.breaker.getState();
		Health.Builder builder = (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED)
				? Health.up() : Health.status(DEGRADED);
		return builder.withDetail("backend", this.backend)
			.withDetail("circuitBreaker", state.name().toLowerCase(Locale.ROOT))
			.withDetail("failureRate", this.breaker.getMetrics().getFailureRate())
			.build();
	}

}
