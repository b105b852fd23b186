package dev.ratelimit.core;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The units this node has leased from the shared store, per key, for tiers whose limits
 * lease: a request is paid from the key's lease while it lasts, and only when the lease
 * cannot pay is the store asked, for up to {@link Tier#leaseSize()} units at once. One
 * key renews at most once at a time per node, so a hot key costs about one store call
 * per lease size of requests.
 * <p>
 * Over-admission is bounded. Every unit spent was charged to every limit of the tier
 * first, so in the long run each limit's rate holds; a lease only moves units forward in
 * time, from when they were charged to when they are spent. A node holds at most
 * {@code size - 1} unspent units of one key (one lease per key, renewed only when it
 * cannot pay, and the request that takes it spends at least one unit), so in any window
 * {@code n} nodes admit at most {@code n x (size - 1)} beyond what the limits alone
 * would. A lease also lapses after {@link Tier#leaseLifetime()}, counted from before the
 * store was asked: the units held at an instant were all charged within that time, so
 * the excess is also at most what a limit refills in one lifetime.
 * <p>
 * Units left when a lease lapses, or when a renewal replaces a lease too small for the
 * request at hand, are not returned: leasing can waste units, never create them. A client
 * spread thinly over {@code n} nodes loses at most {@code n x (size - 1)} units per
 * lifetime that way, so the lease size should stay well below {@code limit / n}.
 */
public final class TokenLeases {

	private final MicrosClock clock;

	private final int maxKeys;

	private final Map<String, TokenLease> leases = new ConcurrentHashMap<>();

	private final Sweeper sweeps = new Sweeper();

	/**
	 * Create an empty set of leases.
	 * @param clock measures lease lifetimes on this node; only differences are used
	 * @param maxKeys the number of keys above which expired leases are swept
	 */
	public TokenLeases(MicrosClock clock, int maxKeys) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
		}
		this.clock = clock;
		this.maxKeys = maxKeys;
	}

	/**
	 * Decide a request of a leasing tier: pay it from the key's lease, or renew the lease.
	 * @param key the counted client's key
	 * @param tier the tier, whose limits lease
	 * @param cost the request's cost
	 * @param store takes a lease from the shared store
	 * @return the decision and who made it, or {@code null} if the store did not answer
	 */
	public @Nullable Leased decide(String key, Tier tier, long cost, Store store) {
		TokenLease lease = this.leases.computeIfAbsent(key, (absent) -> new TokenLease());
		Leased leased;
		synchronized (lease) {
			long now = this.clock.nowMicros();
			Decision spent = lease.spend(tier.name(), cost, now);
			if (spent != null) {
				return new Leased(spent, true);
			}
			LeaseGrant grant = store.lease(tier.leaseSize());
			if (grant == null) {
				return null;
			}
			leased = new Leased(grant.allowed() ? lease.hold(tier.name(), grant, cost, now, tier.leaseLifetime())
					: grant.decision(), false);
		}
		if (this.leases.size() > this.maxKeys) {
			this.sweeps.submit(this::sweep);
		}
		return leased;
	}

	/**
	 * Drop the lease held for a key, such as after a reset.
	 * @param key the counted client's key
	 */
	public void forget(String key) {
		this.leases.remove(key);
	}

	/**
	 * Return the number of keys with a lease.
	 * @return the number of keys
	 */
	public int size() {
		return this.leases.size();
	}

	private void sweep() {
		long now = this.clock.nowMicros();
		// no lock: a lease swept while it is renewed is merely lost, which wastes units
		this.leases.entrySet().removeIf((entry) -> entry.getValue().isIdle(now));
		Iterator<String> keys = this.leases.keySet().iterator();
		while (this.leases.size() > this.maxKeys && keys.hasNext()) {
			keys.next();
			keys.remove();
		}
	}

	/**
	 * Takes a lease from the shared store.
	 */
	@FunctionalInterface
	public interface Store {

		/**
		 * Ask the store for a lease on the request's behalf.
		 * @param size the units to take if available
		 * @return the grant or denial, or {@code null} if the store did not answer
		 */
		@Nullable LeaseGrant lease(long size);

	}

	/**
	 * How a request of a leasing tier was decided.
	 *
	 * @param decision the decision
	 * @param local whether this node's lease paid for it, without a store call
	 */
	public record Leased(Decision decision, boolean local) {

	}

}
