package dev.ratelimit.core;

/**
 * The guard of the local backend: every request is decided by this node's
 * {@link LocalRateLimiter}, which cannot fail, so there is no breaker, no deny cache, no
 * lease and no fallback around it.
 */
public final class LocalRateLimitGuard implements RateLimitGuard {

	private final LocalRateLimiter limiter;

	/**
	 * Create a guard.
	 * @param limiter the node's limiter
	 */
	public LocalRateLimitGuard(LocalRateLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public Verdict decide(String key, Tier tier, long cost) {
		return new Verdict(Verdict.Source.PRIMARY, this.limiter.decide(key, tier.limits(), cost));
	}

	@Override
	public void forget(String key) {
		this.limiter.forget(key);
	}

}
