package dev.ratelimit.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Refunder;
import dev.ratelimit.core.Settler;
import dev.ratelimit.core.Stages;

/**
 * A {@link RedisRateLimiter} whose decisions, leases and decisions of several clients go
 * through its asynchronous twins, awaited, so that the shared contract checks those.
 */
final class AsyncTwins implements RateLimiter, Settler, Refunder {

	private final RedisRateLimiter limiter;

	AsyncTwins(RedisRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Decision evaluate(DecisionRequest request) {
		return Stages.join(this.limiter.evaluateAsync(request));
	}

	@Override
	public LeaseGrant evaluateLease(DecisionRequest request, long size) {
		return Stages.join(this.limiter.evaluateLeaseAsync(request, size));
	}

	@Override
	public List<Decision> evaluateAll(List<DecisionRequest> parts) {
		return Stages.join(this.limiter.evaluateAllAsync(parts));
	}

	@Override
	public boolean decidedTogether(String key, String other) {
		return this.limiter.decidedTogether(key, other);
	}

	@Override
	public Decision peek(String key, List<LimitSpec> limits) {
		return this.limiter.peek(key, limits);
	}

	@Override
	public void reset(String key, List<LimitSpec> limits) {
		this.limiter.reset(key, limits);
	}

	@Override
	public Decision settle(DecisionRequest request) {
		return this.limiter.settle(request);
	}

	@Override
	public Decision refund(DecisionRequest request, Decision charged, Duration since) {
		return this.limiter.refund(request, charged, since);
	}

	@Override
	public Set<String> partitions() {
		return this.limiter.partitions();
	}

}
