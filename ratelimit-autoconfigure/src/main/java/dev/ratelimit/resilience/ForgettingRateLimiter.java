package dev.ratelimit.resilience;

import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimiter;

/**
 * The shared limiter as administration sees it: everything goes to the store, and a reset
 * also makes this node forget its remembered denial, leased units and local-fallback
 * state for the key, so the reset client is admitted here at once. Other nodes keep
 * theirs until they lapse: a remembered denial at most its retry delay, a lease at most
 * its lifetime.
 */
public class ForgettingRateLimiter implements RateLimiter {

	private final RateLimiter shared;

	private final RateLimitGuard node;

	/**
	 * Create a limiter.
	 * @param shared the shared limiter
	 * @param node this node's guarded limiter, holding its local state
	 */
	public ForgettingRateLimiter(RateLimiter shared, RateLimitGuard node) {
		this.shared = shared;
		this.node = node;
	}

	@Override
	public Decision evaluate(DecisionRequest request) {
		return this.shared.evaluate(request);
	}

	@Override
	public LeaseGrant evaluateLease(DecisionRequest request, long size) {
		return this.shared.evaluateLease(request, size);
	}

	@Override
	public Decision peek(String key, List<LimitSpec> limits) {
		return this.shared.peek(key, limits);
	}

	@Override
	public String partition(String key) {
		return this.shared.partition(key);
	}

	@Override
	public void reset(String key, List<LimitSpec> limits) {
		this.shared.reset(key, limits);
		this.node.forget(key);
	}

}
