package dev.ratelimit.metrics;

import java.util.Locale;

import dev.ratelimit.core.BackendState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Gauge {@code ratelimit.circuit.state} (tag {@code state}): 1 for the breakers' worst
 * state, 0 for the others; gauge {@code ratelimit.circuit.open.partitions}: how many
 * store partitions (Redis Cluster masters) have an open breaker, without a tag per
 * partition.
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

	/** Gauge of the partitions whose breaker is open. */
	public static final String OPEN_PARTITIONS = "ratelimit.circuit.open.partitions";

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(OPEN_PARTITIONS, this.backend,
				(backend) -> backend.partitions().values().stream().filter(BackendState.Circuit.OPEN::equals).count())
			.description("How many store partitions (Redis Cluster masters) have an open breaker")
			.register(registry);
		for (BackendState.Circuit state : BackendState.Circuit.values()) {
			Gauge.builder(STATE, this.backend, (backend) -> (backend.circuit() == state) ? 1 : 0)
				.description("Whether the breaker around Redis is in this state")
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

}
