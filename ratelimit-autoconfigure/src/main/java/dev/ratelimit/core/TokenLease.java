package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The units one node holds of one key's lease: what the store granted beyond the cost of
 * the request that took it, spendable until the lease's lifetime ends. Guarded by the
 * caller's lock on the lease, except {@link #keepMicros} and {@link #endRenewal}.
 */
final class TokenLease {

	private final long lifetimeMicros;

	private @Nullable String tier;

	private @Nullable Decision granted;

	private long taken;

	private volatile long expires = Long.MIN_VALUE;

	private long left;

	private @Nullable CompletableFuture<Boolean> renewal;

	/**
	 * Create an empty lease.
	 * @param lifetimeMicros how long the tier's leases may be spent
	 */
	TokenLease(long lifetimeMicros) {
		this.lifetimeMicros = lifetimeMicros;
	}

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
	 * Return the renewal in flight.
	 * @return the renewal, completed with whether the store answered, or {@code null}
	 */
	@Nullable CompletableFuture<Boolean> renewal() {
		return this.renewal;
	}

	/**
	 * Mark a renewal as in flight.
	 */
	void startRenewal() {
		this.renewal = new CompletableFuture<>();
	}

	/**
	 * End the renewal in flight and wake the requests waiting for it.
	 * @param answered whether the store answered
	 */
	void endRenewal(boolean answered) {
		CompletableFuture<Boolean> renewal;
		synchronized (this) {
			renewal = this.renewal;
			this.renewal = null;
		}
		if (renewal != null) {
			renewal.complete(answered);
		}
	}

	/**
	 * Return how long the node should keep this lease: until one lifetime after its
	 * current grant lapses, or one lifetime while it has none.
	 * @param now the current time in microseconds
	 * @return the time in microseconds
	 */
	long keepMicros(long now) {
		long expires = this.expires;
		return this.lifetimeMicros + ((expires == Long.MIN_VALUE) ? 0 : Math.max(0, expires - now));
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
