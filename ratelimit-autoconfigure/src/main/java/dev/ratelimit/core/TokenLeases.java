package dev.ratelimit.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

/**
 * The units this node has leased from the shared store, per key, for tiers whose limits
 * lease: a request is paid from the key's lease while it lasts, and only when the lease
 * cannot pay is the store asked, for up to {@link Tier#leaseSize()} units at once. One
 * key renews at most once at a time per node, so a hot key costs about one store call per
 * lease size of requests.
 * <p>
 * The store is asked without holding the key's lock. Requests of the key that arrive
 * while a renewal is in flight wait for that one call, together, and take their answer
 * from it: units of the new lease, or, when the store did not answer, no decision (the
 * failure policy's). So a hung store holds a hot key's requests for one store budget,
 * never one budget per queued request.
 * <p>
 * Over-admission is bounded. Every unit spent was charged to every limit of the tier
 * first, so in the long run each limit's rate holds; a lease only moves units forward in
 * time, from when they were charged to when they are spent. A node holds at most
 * {@code size - 1} unspent units of one key (one lease per key, renewed only when it
 * cannot pay, and the request that takes it spends at least one unit), so in any window
 * {@code n} nodes admit at most {@code n x (size - 1)} beyond what the limits alone
 * would. A lease also lapses after {@link Tier#leaseLifetime()}, counted from before the
 * store was asked: the units held at an instant were all charged within that time, so the
 * excess is also at most what a limit refills in one lifetime.
 * <p>
 * Units left when a lease lapses, or when a renewal replaces a lease too small for the
 * request at hand, are not returned: leasing can waste units, never create them. A client
 * spread thinly over {@code n} nodes loses at most {@code n x (size - 1)} units per
 * lifetime that way, so the lease size should stay well below {@code limit / n}.
 * <p>
 * At most {@code maxKeys} keys hold a lease, in a Caffeine cache: an entry expires one
 * lifetime after its lease does, and past the bound W-TinyLFU evicts the keys seen least
 * often, in amortised constant time. An evicted lease only wastes its units.
 */
public final class TokenLeases {

	private final MicrosClock clock;

	private final Cache<String, TokenLease> leases;

	/**
	 * Create an empty set of leases.
	 * @param clock measures lease lifetimes on this node; only differences are used
	 * @param maxKeys the most keys holding a lease
	 */
	public TokenLeases(MicrosClock clock, int maxKeys) {
		this(clock, maxKeys, ForkJoinPool.commonPool());
	}

	/**
	 * Create an empty set of leases whose upkeep runs on the given executor.
	 * @param clock measures lease lifetimes on this node; only differences are used
	 * @param maxKeys the most keys holding a lease
	 * @param executor runs Caffeine's eviction and expiry upkeep
	 */
	TokenLeases(MicrosClock clock, int maxKeys, Executor executor) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
		}
		this.clock = clock;
		this.leases = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfter(new LifetimeAfterLease(clock))
			.ticker(() -> clock.nowMicros() * 1000)
			.executor(executor)
			.build();
	}

	/**
	 * Decide a request of a leasing tier: pay it from the key's lease, or renew the
	 * lease, waiting for the store on the calling thread.
	 * @param key the counted client's key
	 * @param tier the tier, whose limits lease
	 * @param cost the request's cost
	 * @param store takes a lease from the shared store
	 * @return the decision and who made it, or {@code null} if the store did not answer
	 */
	public @Nullable Leased decide(String key, Tier tier, long cost, Store store) {
		while (true) {
			Step step = step(key, tier, cost);
			if (step.paid != null) {
				return step.paid;
			}
			if (step.renewing != null) {
				LeaseGrant grant = null;
				try {
					grant = store.lease(tier.leaseSize());
					return renewed(step.renewing, tier, cost, grant);
				}
				finally {
					step.renewing.ended(grant);
				}
			}
			// another request of this key is asking the store: wait for that one call
			if (!step.waitFor().join()) {
				return null;
			}
		}
	}

	/**
	 * Decide a request of a leasing tier as {@link #decide} does, with no thread waiting
	 * for the store or for another request's renewal.
	 * @param key the counted client's key
	 * @param tier the tier, whose limits lease
	 * @param cost the request's cost
	 * @param store takes a lease from the shared store without blocking
	 * @return the decision and who made it, or {@code null} if the store did not answer
	 */
	public CompletionStage<@Nullable Leased> decideAsync(String key, Tier tier, long cost, AsyncStore store) {
		Step step = step(key, tier, cost);
		if (step.paid != null) {
			return CompletableFuture.completedFuture(step.paid);
		}
		Renewing renewing = step.renewing;
		if (renewing != null) {
			CompletionStage<@Nullable LeaseGrant> asked;
			try {
				asked = store.lease(tier.leaseSize());
			}
			catch (RuntimeException | Error ex) {
				renewing.ended(null);
				throw ex;
			}
			return asked.handle((grant, failure) -> {
				LeaseGrant held = (failure == null) ? grant : null;
				try {
					if (failure != null) {
						throw new CompletionException(Stages.cause(failure));
					}
					return renewed(renewing, tier, cost, grant);
				}
				finally {
					renewing.ended(held);
				}
			});
		}
		return step.waitFor()
			.thenCompose((answered) -> answered ? decideAsync(key, tier, cost, store)
					: CompletableFuture.completedFuture(null));
	}

	/**
	 * Take the first step of a request: pay it from the key's lease, or claim the key's
	 * renewal, or find the renewal in flight to wait for.
	 */
	private Step step(String key, Tier tier, long cost) {
		TokenLease lease = this.leases.get(key, (absent) -> new TokenLease(Micros.of(tier.leaseLifetime())));
		synchronized (lease) {
			long now = this.clock.nowMicros();
			Decision spent = lease.spend(tier.name(), cost, now);
			if (spent != null) {
				return new Step(new Leased(spent, true), null, null);
			}
			CompletableFuture<Boolean> pending = lease.renewal();
			if (pending != null) {
				return new Step(null, null, pending);
			}
			lease.startRenewal();
			return new Step(null, new Renewing(lease, now), null);
		}
	}

	/**
	 * Hold the lease the store granted, with the lease's lock released while it was
	 * asked, before the requests waiting for the renewal are woken.
	 */
	private @Nullable Leased renewed(Renewing renewing, Tier tier, long cost, @Nullable LeaseGrant grant) {
		if (grant == null) {
			return null;
		}
		TokenLease lease = renewing.lease;
		synchronized (lease) {
			return new Leased(grant.allowed()
					? lease.hold(tier.name(), grant, cost, renewing.taken, tier.leaseLifetime()) : grant.decision(),
					false);
		}
	}

	/**
	 * Drop the lease held for a key, such as after a reset.
	 * @param key the counted client's key
	 */
	public void forget(String key) {
		this.leases.invalidate(key);
	}

	/**
	 * Return the number of keys with a lease, once pending upkeep has run.
	 * @return the number of keys
	 */
	public long size() {
		this.leases.cleanUp();
		return this.leases.estimatedSize();
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
	 * Takes a lease from the shared store without blocking.
	 */
	@FunctionalInterface
	public interface AsyncStore {

		/**
		 * Ask the store for a lease on the request's behalf.
		 * @param size the units to take if available
		 * @return the grant or denial, or {@code null} if the store did not answer
		 */
		CompletionStage<@Nullable LeaseGrant> lease(long size);

	}

	/**
	 * The first step of a request: paid from the lease, or the renewal this request
	 * makes, or the one in flight it waits for.
	 */
	private record Step(@Nullable Leased paid, @Nullable Renewing renewing,
			@Nullable CompletableFuture<Boolean> pending) {

		CompletableFuture<Boolean> waitFor() {
			return Objects.requireNonNull(this.pending);
		}

	}

	/**
	 * A renewal this request claimed: the lease and the time it was found unable to pay.
	 */
	private record Renewing(TokenLease lease, long taken) {

		/**
		 * End the renewal and wake the requests waiting for it, every one of them given
		 * whether the store answered.
		 */
		void ended(@Nullable LeaseGrant grant) {
			this.lease.endRenewal(grant != null);
		}

	}

	/**
	 * How a request of a leasing tier was decided.
	 *
	 * @param decision the decision
	 * @param local whether this node's lease paid for it, without a store call
	 */
	public record Leased(Decision decision, boolean local) {

	}

	/**
	 * Keeps an entry one lifetime beyond its lease's end, so a renewal made just before
	 * the entry would lapse is still found.
	 */
	private record LifetimeAfterLease(MicrosClock clock) implements Expiry<String, TokenLease> {

		@Override
		public long expireAfterCreate(String key, TokenLease lease, long currentTime) {
			return lease.keepMicros(this.clock.nowMicros()) * 1000;
		}

		@Override
		public long expireAfterUpdate(String key, TokenLease lease, long currentTime, long currentDuration) {
			return expireAfterCreate(key, lease, currentTime);
		}

		@Override
		public long expireAfterRead(String key, TokenLease lease, long currentTime, long currentDuration) {
			return expireAfterCreate(key, lease, currentTime);
		}

	}

}
