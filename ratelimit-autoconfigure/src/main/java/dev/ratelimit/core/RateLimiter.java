package dev.ratelimit.core;

import java.util.List;

/**
 * Decides whether a request may proceed. All limits of one call are decided together:
 * either every limit admits the request and each is charged the cost, or nothing is
 * consumed from any of them.
 */
public interface RateLimiter {

	/**
	 * Decide a request.
	 * @param key the counted client's key
	 * @param limits the limits decided together
	 * @param cost the units the request takes, at least 1
	 * @return the decision
	 * @throws IllegalArgumentException if the key, limits or cost are invalid
	 */
	default Decision decide(String key, List<LimitSpec> limits, long cost) {
		DecisionRequest request = new DecisionRequest(key, limits, cost);
		Decision denial = request.denialIfCostExceedsCapacity();
		return (denial != null) ? denial : evaluate(request);
	}

	/**
	 * Decide a validated request whose cost fits every limit's burst.
	 * @param request the request
	 * @return the decision
	 */
	Decision evaluate(DecisionRequest request);

	/**
	 * Return how a key stands against the limits without consuming anything: the
	 * decision a request of cost 1 would get, with nothing charged.
	 * @param key the counted client's key
	 * @param limits the limits
	 * @return the standing; {@link Decision#outcomes()} holds every limit's state
	 */
	default Decision peek(String key, List<LimitSpec> limits) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot read state without consuming");
	}

	/**
	 * Forget a key's state for the given limits, restoring them in full.
	 * @param key the counted client's key
	 * @param limits the limits
	 */
	default void reset(String key, List<LimitSpec> limits) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot reset state");
	}

}
