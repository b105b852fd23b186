package dev.ratelimit.resilience;

import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.ratelimit.core.BackendState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * The Resilience4j breakers around the store's partitions seen as one
 * {@link BackendState}, the worst of them, together with the outcome of the startup
 * warm-up.
 */
public class BreakerState implements BackendState {

	private final PartitionBreakers breakers;

	private volatile @Nullable WarmUpFailure warmUpFailure;

	/**
	 * Create a view of the breakers.
	 * @param breakers the breakers around the store's partitions
	 */
	public BreakerState(PartitionBreakers breakers) {
		this.breakers = breakers;
	}

	/**
	 * Return the worst position among the partitions' breakers: open if any is open, else
	 * half-open if any is, else closed.
	 */
	@Override
	public Circuit circuit() {
		Circuit worst = Circuit.CLOSED;
		for (CircuitBreaker breaker : breakers()) {
			Circuit circuit = circuit(breaker);
			if (severity(circuit) > severity(worst)) {
				worst = circuit;
			}
		}
		return worst;
	}

	private static int severity(Circuit circuit) {
		return switch (circuit) {
			case CLOSED -> 0;
			case HALF_OPEN -> 1;
			case OPEN -> 2;
		};
	}

	private static Circuit circuit(CircuitBreaker breaker) {
		return switch (breaker.getState()) {
			case OPEN, FORCED_OPEN -> Circuit.OPEN;
			case HALF_OPEN -> Circuit.HALF_OPEN;
			case CLOSED, DISABLED, METRICS_ONLY -> Circuit.CLOSED;
		};
	}

	@Override
	public SortedMap<String, Circuit> partitions() {
		SortedMap<String, Circuit> partitions = new TreeMap<>();
		this.breakers.all().forEach((partition, breaker) -> partitions.put(partition, circuit(breaker)));
		return partitions;
	}

	/**
	 * Return the highest failure rate among the partitions' breakers.
	 */
	@Override
	public float failureRate() {
		float highest = -1;
		for (CircuitBreaker breaker : breakers()) {
			highest = Math.max(highest, breaker.getMetrics().getFailureRate());
		}
		return highest;
	}

	/**
	 * Return why the warm-up failed, until the store has answered a call since.
	 */
	@Override
	public @Nullable WarmUpFailure warmUpFailure() {
		WarmUpFailure failure = this.warmUpFailure;
		if (failure != null
				&& breakers().stream().anyMatch((breaker) -> breaker.getMetrics().getNumberOfSuccessfulCalls() > 0)) {
			this.warmUpFailure = null;
			return null;
		}
		return failure;
	}

	private Collection<CircuitBreaker> breakers() {
		return this.breakers.all().values();
	}

	void warmUpFailed(@Nullable WarmUpFailure failure) {
		this.warmUpFailure = failure;
	}

}
