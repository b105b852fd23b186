package dev.ratelimit.resilience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimiter;
import dev.ratelimit.core.DeadlineCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.HeldPermits;
import dev.ratelimit.core.LocalConcurrencyLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitDecision;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * Guards the shared permits with the circuit breaker of the store partition that keeps a
 * key's permits, the rate limiter's breaker for that partition. When the partition fails,
 * times out or its breaker is open, the tier's {@link FailurePolicy} decides: fail-open
 * admits without a permit, fail-closed refuses, and local grants a permit of this node's
 * share of the limit, {@code ceil(limit / nodes)}, kept in this node's bounded memory, or
 * refuses as fail-closed while this node counts its fleet and has no count yet. A permit
 * is released and renewed where it was granted: a local one never reaches the store. A
 * renewal the store does not answer is not retried: the permit lapses within its maximum
 * duration if the store stays away. A release it does not answer is remembered (bounded,
 * until the permit would have lapsed anyway) and made after the next renewal, so that a
 * blip does not keep a client's place taken for the rest of the maximum duration.
 */
public class FailSafeConcurrencyGuard implements ConcurrencyGuard {

	/** Most releases remembered for another try; past it, a permit lapses on its own. */
	private static final int MAX_UNRELEASED = 10_000;

	private final ConcurrencyLimiter primary;

	private final PartitionBreakers breakers;

	private final LocalConcurrencyLimiter fallback;

	private final Fleet fleet;

	private final RateLimitObserver observer;

	private final HeldPermits held = new HeldPermits();

	private final Cache<String, Unreleased> unreleased;

	/**
	 * Create a guard.
	 * @param primary the shared permits
	 * @param breakers the breakers around the store's partitions
	 * @param fallback keeps this node's share of the permits while the store is away
	 * @param fleet how many nodes share each limit
	 * @param observer receives the store calls' latencies
	 */
	public FailSafeConcurrencyGuard(ConcurrencyLimiter primary, PartitionBreakers breakers,
			LocalConcurrencyLimiter fallback, Fleet fleet, RateLimitObserver observer) {
		this.primary = primary;
		this.breakers = breakers;
		this.fallback = fallback;
		this.fleet = fleet;
		this.observer = observer;
		this.unreleased = DeadlineCache.create(MicrosClock.monotonic(), MAX_UNRELEASED, Unreleased::until,
				Runnable::run);
	}

	@Override
	public PermitVerdict acquire(String key, Tier tier, ConcurrencyLimit limit) {
		String id = this.held.nextId();
		CircuitBreaker breaker = this.breakers.breaker(this.primary.partition(key));
		PermitDecision decision = guarded(breaker, () -> this.primary.acquire(key, limit, id));
		if (decision != null) {
			return new PermitVerdict(Verdict.Source.PRIMARY, decision, granted(decision, key, tier, id, false));
		}
		return switch (tier.failurePolicy()) {
			case FAIL_OPEN -> new PermitVerdict(Verdict.Source.FAIL_OPEN, null, null);
			case FAIL_CLOSED -> new PermitVerdict(Verdict.Source.FAIL_CLOSED, null, null);
			case LOCAL -> {
				if (this.fleet.awaitingCount()) {
					// this node does not know its share yet: the whole limit would be too
					// much
					yield new PermitVerdict(Verdict.Source.FAIL_CLOSED, null, null);
				}
				PermitDecision local = this.fallback.acquire(key, limit.share(this.fleet.nodes()), id);
				yield new PermitVerdict(Verdict.Source.LOCAL_FALLBACK, local, granted(local, key, tier, id, true));
			}
		};
	}

	private @Nullable Permit granted(PermitDecision decision, String key, Tier tier, String id, boolean local) {
		return decision.allowed() ? this.held.add(new Permit(key, tier.name(), decision.limit(), id, local)) : null;
	}

	@Override
	public void release(Permit permit) {
		if (!this.held.remove(permit)) {
			return;
		}
		if (permit.local()) {
			this.fallback.release(permit.key(), permit.limit(), permit.id());
			return;
		}
		if (!releasedInStore(permit)) {
			remember(permit);
		}
	}

	private void remember(Permit permit) {
		long lapses = MicrosClock.monotonic().nowMicros() + permit.limit().maxDuration().toNanos() / 1000;
		this.unreleased.put(permit.id(), new Unreleased(permit, lapses));
	}

	private boolean releasedInStore(Permit permit) {
		CircuitBreaker breaker = this.breakers.breaker(this.primary.partition(permit.key()));
		return guarded(breaker, () -> {
			this.primary.release(permit.key(), permit.limit(), permit.id());
			return Boolean.TRUE;
		}) != null;
	}

	/**
	 * Renew the permits this node holds: the local ones here, the store's with one call
	 * per partition (and, on Redis Cluster, per hash slot).
	 */
	@Override
	public void renewHeld() {
		List<Permit> local = new ArrayList<>();
		Map<String, List<Permit>> shared = new LinkedHashMap<>();
		for (Permit permit : this.held.all()) {
			if (permit.local()) {
				local.add(permit);
			}
			else {
				shared.computeIfAbsent(this.primary.partition(permit.key()), (any) -> new ArrayList<>()).add(permit);
			}
		}
		this.fallback.renew(local);
		shared.forEach((partition, permits) -> guarded(this.breakers.breaker(partition), () -> {
			this.primary.renew(permits);
			return Boolean.TRUE;
		}));
		retryReleases();
	}

	/**
	 * Make the releases the store did not take, after the renewal of the permits still
	 * held, which must not wait for them; stopping at the first the store does not take
	 * again, since the others would wait for it in vain.
	 */
	private void retryReleases() {
		for (Unreleased pending : List.copyOf(this.unreleased.asMap().values())) {
			if (!releasedInStore(pending.permit())) {
				return;
			}
			this.unreleased.invalidate(pending.permit().id());
		}
	}

	@Override
	public int held(String tier) {
		return this.held.count(tier);
	}

	private <T> @Nullable T guarded(CircuitBreaker breaker, Supplier<T> call) {
		return Breakers.call(breaker, this.observer, call, () -> {
		}, (failure) -> {
		});
	}

	/**
	 * A permit whose release the store did not answer, remembered until it would have
	 * lapsed anyway.
	 *
	 * @param permit the permit
	 * @param until when it lapses, in microseconds of the monotonic clock
	 */
	private record Unreleased(Permit permit, long until) {

	}

}
