package dev.ratelimit.metrics;

import java.util.Locale;

import dev.ratelimit.core.BackendState;
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

	private final BackendState backend;

	/**
	 * Create a binder.
	 * @param backend how the path to Redis stands
	 */
	public CircuitBreakerStateMetrics(BackendState backend) {
		this.backend = backend;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (BackendState.Circuit state : BackendState.Circuit.values()) {
			Gauge.builder(STATE, this.backend, (backend) -> (backend.circuit() == state) ? 1 : 0)
				.description("Whether the breaker around Redis is in this state")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

}
