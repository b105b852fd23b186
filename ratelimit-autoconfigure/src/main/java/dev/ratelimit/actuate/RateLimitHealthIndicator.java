package dev.ratelimit.actuate;

import java.util.Locale;

import dev.ratelimit.core.BackendState;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports the limiter's path to Redis by its circuit breaker: {@code UP} when closed,
 * {@code DEGRADED} while open or probing, and after a failed startup warm-up until Redis
 * has answered, with why it failed as a category ({@code timeout}, {@code error},
 * {@code interrupted}). The details never carry a host, a port or a driver's message,
 * since health is often open to anyone. Never {@code DOWN}: failure policies keep the
 * service answering, and restarting the application would not bring Redis back.
 */
public class RateLimitHealthIndicator implements HealthIndicator {

	/** Status while the breaker is open or half-open. */
	public static final Status DEGRADED = new Status("DEGRADED",
			"Redis is unavailable to the rate limiter; failure policies apply");

	private final BackendState state;

	private final String backend;

	/**
	 * Create an indicator.
	 * @param state how the path to the backend stands
	 * @param backend the backend's name, such as {@code redis}
	 */
	public RateLimitHealthIndicator(BackendState state, String backend) {
		this.state = state;
		this.backend = backend;
	}

	@Override
	public Health health() {
		BackendState.Circuit circuit = this.state.circuit();
		BackendState.WarmUpFailure warmUpFailure = this.state.warmUpFailure();
		Health.Builder builder = (circuit == BackendState.Circuit.CLOSED && warmUpFailure == null) ? Health.up()
				: Health.status(DEGRADED);
		builder.withDetail("backend", this.backend)
			.withDetail("circuitBreaker", circuit.name().toLowerCase(Locale.ROOT))
			.withDetail("failureRate", this.state.failureRate());
		if (warmUpFailure != null) {
			builder.withDetail("warmUp", warmUpFailure.name().toLowerCase(Locale.ROOT));
		}
		return builder.build();
	}

}
