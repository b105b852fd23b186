package dev.ratelimit.core;

/**
 * The concurrency guard of the local backend: every permit is kept by this node's
 * {@link LocalConcurrencyLimiter}, which cannot fail.
 */
public final class LocalConcurrencyGuard implements ConcurrencyGuard {

	private final LocalConcurrencyLimiter limiter;

	private final HeldPermits held = new HeldPermits();

	/**
	 * Create a guard.
	 * @param limiter the node's permits
	 */
	public LocalConcurrencyGuard(LocalConcurrencyLimiter limiter) {
		this.limiter = limiter;
	}

	@Override
	public PermitVerdict acquire(String key, Tier tier, ConcurrencyLimit limit) {
		String id = this.held.nextId();
		PermitDecision decision = this.limiter.acquire(key, limit, id);
		Permit permit = decision.allowed() ? this.held.add(new Permit(key, tier.name(), limit, id, true)) : null;
		return new PermitVerdict(Verdict.Source.PRIMARY, decision, permit);
	}

	@Override
	public void release(Permit permit) {
		if (this.held.remove(permit)) {
			this.limiter.release(permit.key(), permit.limit(), permit.id());
		}
	}

	@Override
	public void renewHeld() {
		this.limiter.renew(this.held.all());
	}

	@Override
	public int held(String tier) {
		return this.held.count(tier);
	}

}
