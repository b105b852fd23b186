package dev.ratelimit.metrics;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauge {@code ratelimit.circuit.state} (tag {@code state}): 1 for the breaker's current
 * state, 0 for the others.
 */
public class CircuitBreakerStateMetrics implements MeterBinder {

	/** Gauge name. */
	public static final String STATE = "ratelimit.circuit.state";

	private final CircuitBreaker breaker;

	/**
	 * Create a binder.
	 * @param breaker the breaker around Redis
	 */
	public CircuitBreakerStateMetrics(CircuitBreaker breaker) {
		this.breaker = breaker;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (CircuitBreaker.State state : new CircuitBreaker.State[] { CircuitBreaker.State.CLOSED,
				CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN }) {
			Gauge.builder(STATE, this.breaker, (breaker) -> (breaker.getState() == state) ? 1 : 0)
				.description("Whether the breaker around Redis is in this state")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

}
