package dev.ratelimit.resilience;

import dev.ratelimit.core.BackendState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * The Resilience4j breaker around the store seen as a {@link BackendState}, together with
 * the outcome of the startup warm-up.
 */
public class BreakerState implements BackendState {

	private final CircuitBreaker breaker;

	private volatile @Nullable WarmUpFailure warmUpFailure;

	/**
	 * Create a view of a breaker.
	 * @param breaker the breaker around the store
	 */
	public BreakerState(CircuitBreaker breaker) {
		this.breaker = breaker;
	}

	@Override
	public Circuit circuit() {
		return switch (this.breaker.getState()) {
			case OPEN, FORCED_OPEN -> Circuit.OPEN;
			case HALF_OPEN -> Circuit.HALF_OPEN;
			case CLOSED, DISABLED, METRICS_ONLY -> Circuit.CLOSED;
		};
	}

	@Override
	public float failureRate() {
		return this.breaker.getMetrics().getFailureRate();
	}

	/**
	 * Return why the warm-up failed, until the store has answered a call since.
	 */
	@Override
	public @Nullable WarmUpFailure warmUpFailure() {
		WarmUpFailure failure = this.warmUpFailure;
		if (failure != null && this.breaker.getMetrics().getNumberOfSuccessfulCalls() > 0) {
			this.warmUpFailure = null;
			return null;
		}
		return failure;
	}

	void warmUpFailed(@Nullable WarmUpFailure failure) {
		this.warmUpFailure = failure;
	}

}
