package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The units one node holds of one key's lease: what the store granted beyond the cost of
 * the request that took it, spendable until the lease's lifetime ends. Guarded by the
 * caller's lock, except {@link #isIdle}.
 */
final class TokenLease {

	private @Nullable String tier;

	private @Nullable Decision granted;

	private long taken;

	private volatile long expires = Long.MIN_VALUE;

	private long left;

	/**
	 * Spend units from the lease.
	 * @param tier the tier's name
	 * @param cost the units
	 * @param now the current time in microseconds
	 * @return the decision the request gets, or {@code null} if the lease cannot pay
	 */
	@Nullable Decision spend(String tier, long cost, long now) {
		Decision granted = this.granted;
		if (granted == null || !tier.equals(this.tier) || now >= this.expires || this.left < cost) {
			return null;
		}
		this.left -= cost;
		return standing(granted, now);
	}

	/**
	 * Replace the lease with a new grant, the request that took it paid for.
	 * @param tier the tier's name
	 * @param grant the store's grant
	 * @param cost the cost of the request that took it
	 * @param taken the time, before the store was asked, in microseconds
	 * @param lifetime how long the grant may be spent
	 * @return the decision the request gets
	 */
	Decision hold(String tier, LeaseGrant grant, long cost, long taken, Duration lifetime) {
		this.tier = tier;
		this.granted = grant.decision();
		this.taken = taken;
		this.expires = taken + Micros.of(lifetime);
		this.left = grant.granted() - cost;
		return standing(grant.decision(), taken);
	}

	/**
	 * Return whether the lease holds nothing spendable any more.
	 * @param now the current time in microseconds
	 * @return whether it can be dropped
	 */
	boolean isIdle(long now) {
		return now >= this.expires;
	}

	/**
	 * Return how the tier stands for the client: the store's standing after the grant,
	 * plus the units this node still holds, with the waits counted down since the grant.
	 */
	private Decision standing(Decision granted, long now) {
		Duration elapsed = Micros.toDuration(now - this.taken);
		List<LimitOutcome> outcomes = granted.outcomes().stream().map((outcome) -> {
			LimitOutcome later = outcome.later(elapsed);
			return new LimitOutcome(later.spec(), later.remaining() + this.left, later.resetAfter(),
					later.retryAfter());
		}).toList();
		return Decision.of(true, outcomes);
	}

}
