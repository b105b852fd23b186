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

}
