package dev.ratelimit.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
		DecisionRequest request = DecisionRequest.checked(key, limits, cost);
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
	 * Decide a validated request as {@link #evaluate} does, without blocking the calling
	 * thread. The default fails: a limiter that can only wait for its store cannot.
	 * @param request the request
	 * @return the decision, or a failure with {@link RateLimitBackendException} if the
	 * store failed or was too slow
	 */
	default CompletionStage<Decision> evaluateAsync(DecisionRequest request) {
		return cannotWait();
	}

	/**
	 * Decide a request and, if it is admitted, take up to {@code size} units at once: the
	 * most that every limit can give, but at least the cost, all charged together. The
	 * caller spends the grant beyond the cost on later requests of the same key.
	 * @param key the counted client's key
	 * @param limits the limits decided together
	 * @param cost the units the request takes, at least 1
	 * @param size the units to take if available; below the cost, the cost is taken
	 * @return the grant, or a denial with nothing charged
	 * @throws IllegalArgumentException if the key, limits or cost are invalid
	 */
	default LeaseGrant lease(String key, List<LimitSpec> limits, long cost, long size) {
		DecisionRequest request = DecisionRequest.checked(key, limits, cost);
		Decision denial = request.denialIfCostExceedsCapacity();
		return (denial != null) ? new LeaseGrant(denial, 0) : evaluateLease(request, Math.max(size, cost));
	}

	/**
	 * Decide a validated lease request whose cost fits every limit's burst. The default
	 * grants exactly the cost, as a limiter that cannot lease would.
	 * @param request the request
	 * @param size the units to take if available, at least the cost
	 * @return the grant
	 */
	default LeaseGrant evaluateLease(DecisionRequest request, long size) {
		Decision decision = evaluate(request);
		return new LeaseGrant(decision, decision.allowed() ? request.cost() : 0);
	}

	/**
	 * Decide a validated lease request as {@link #evaluateLease} does, without blocking
	 * the calling thread. The default fails, as {@link #evaluateAsync}'s does.
	 * @param request the request
	 * @param size the units to take if available, at least the cost
	 * @return the grant
	 */
	default CompletionStage<LeaseGrant> evaluateLeaseAsync(DecisionRequest request, long size) {
		return cannotWait();
	}

	/**
	 * Return how a key stands against the limits without consuming anything: the decision
	 * a request of cost 1 would get, with nothing charged.
	 * @param key the counted client's key
	 * @param limits the limits
	 * @return the standing; {@link Decision#outcomes()} holds every limit's state
	 */
	default Decision peek(String key, List<LimitSpec> limits) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot read state without consuming");
	}

	/**
	 * Decide several clients' requests of one cost together: either every part is
	 * admitted and charged, or nothing is consumed from any client. Only parts whose keys
	 * {@link #decidedTogether decide together} may be given.
	 * @param parts the parts, each a client with its own limits, all of one cost
	 * @return one decision per part, in order: how that client stands, admitted if every
	 * one of its limits fits; charged only if every part is admitted
	 */
	default List<Decision> evaluateAll(List<DecisionRequest> parts) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot decide several clients at once");
	}

	/**
	 * Decide several clients' requests together as {@link #evaluateAll} does, without
	 * blocking the calling thread. The default fails, as {@link #evaluateAsync}'s does.
	 * @param parts the parts, each a client with its own limits, all of one cost
	 * @return one decision per part, in order
	 */
	default CompletionStage<List<Decision>> evaluateAllAsync(List<DecisionRequest> parts) {
		return cannotWait();
	}

	/**
	 * Return whether two keys can be decided in one {@link #evaluateAll} call.
	 * @param key a counted client's key
	 * @param other another counted client's key
	 * @return whether they decide together; {@code false} unless the limiter can
	 */
	default boolean decidedTogether(String key, String other) {
		return false;
	}

	/**
	 * Return the store partition (for example the Redis Cluster master) that decides a
	 * key, so that failures can be scoped to it; empty when there is one.
	 * @param key the counted client's key
	 * @return the partition
	 */
	default String partition(String key) {
		return "";
	}

	/**
	 * Return the store partitions that decide keys now, such as the Redis Cluster masters
	 * serving slots, so that state kept for partitions that left can be dropped.
	 * @return the partitions' names as {@link #partition} gives them; empty when they are
	 * not known yet
	 */
	default Set<String> partitions() {
		return Set.of("");
	}

	/**
	 * Forget a key's state for the given limits, restoring them in full.
	 * @param key the counted client's key
	 * @param limits the limits
	 */
	default void reset(String key, List<LimitSpec> limits) {
		throw new UnsupportedOperationException(getClass().getName() + " cannot reset state");
	}

	private <T> CompletionStage<T> cannotWait() {
		return CompletableFuture
			.failedFuture(new UnsupportedOperationException(getClass().getName() + " cannot decide without blocking"));
	}

}
