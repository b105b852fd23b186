package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * Guards the shared limiter: every call passes a Resilience4j circuit breaker, and when
 * the store fails, times out or the breaker is open, the tier's {@link FailurePolicy}
 * decides instead. A failed call is never retried, since the script may have run.
 * <p>
 * Before any of that, the tiers that opt in are answered from this node where they can
 * be, so those answers cost neither a store call nor a breaker permission: a denial the
 * store gave a client moments ago ({@link DenyCache}), or units this node leased for the
 * key ahead of need ({@link TokenLeases}).
 * <p>
 * A request whose cost exceeds a limit's burst is denied without a store call and without
 * touching the breaker, so it can neither open nor close it. The local fallback starts
 * each outage afresh: its buckets are dropped when the breaker closes again, so the next
 * outage does not inherit counts from the last. A single success between failures while
 * the breaker stays closed keeps them: otherwise every intermittent failure would hand
 * every client a fresh share.
 */
public class FailSafeRateLimiter implements RateLimitGuard {

	private final RateLimiter primary;

	private final CircuitBreaker breaker;

	private final AtomicReference<LocalRateLimiter> fallback;

	private final NodeShare share;

	private final RateLimitObserver observer;

	private final DenyCache denials;

	private final TokenLeases leases;

	private final AtomicLong episodeStart = new AtomicLong();

	/**
	 * Create a guarded limiter whose deny cache and leases hold up to 100,000 keys each.
	 * @param primary the shared limiter
	 * @param breaker the breaker around it
	 * @param fallbacks creates the in-process twin used by {@link FailurePolicy#LOCAL},
	 * afresh after each outage
	 * @param expectedNodes how many nodes share the load, for the local share
	 * @param observer receives latencies and episode changes
	 */
	public FailSafeRateLimiter(RateLimiter primary, CircuitBreaker breaker, Supplier<LocalRateLimiter> fallbacks,
			int expectedNodes, RateLimitObserver observer) {
		this(primary, breaker, fallbacks, expectedNodes, observer, new DenyCache(MicrosClock.monotonic(), 100_000),
				new TokenLeases(MicrosClock.monotonic(), 100_000));
	}

	/**
	 * Create a guarded limiter.
	 * @param primary the shared limiter
	 * @param breaker the breaker around it
	 * @param fallbacks creates the in-process twin used by {@link FailurePolicy#LOCAL},
	 * afresh after each outage
	 * @param expectedNodes how many nodes share the load, for the local share
	 * @param observer receives latencies and episode changes
	 * @param denials remembers recent denials, for tiers with a deny cache
	 * @param leases holds leased units, for tiers whose limits lease
	 */
	public FailSafeRateLimiter(RateLimiter primary, CircuitBreaker breaker, Supplier<LocalRateLimiter> fallbacks,
			int expectedNodes, RateLimitObserver observer, DenyCache denials, TokenLeases leases) {
		this.primary = primary;
		this.breaker = breaker;
		this.fallback = new AtomicReference<>(fallbacks.get());
		breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
				this.fallback.set(fallbacks.get());
			}
		});
		this.share = new NodeShare(expectedNodes);
		this.observer = observer;
		this.denials = denials;
		this.leases = leases;
	}

	@Override
	public Verdict decide(String key, Tier tier, long cost) {
		// validated once: the store is then asked with this request, not a rebuilt one
		DecisionRequest request = new DecisionRequest(key, tier.limits(), cost);
		Decision beyondCapacity = request.denialIfCostExceedsCapacity();
		if (beyondCapacity != null) {
			return new Verdict(Verdict.Source.PRIMARY, beyondCapacity);
		}
		if (tier.denyCache()) {
			Decision denial = this.denials.find(key, tier, cost);
			if (denial != null) {
				return new Verdict(Verdict.Source.DENY_CACHE, denial);
			}
		}
		if (tier.leaseSize() > 0) {
			return leased(request, tier);
		}
		long asked = this.denials.now();
		Decision decision = guarded(() -> this.primary.evaluate(request));
		if (decision == null) {
			return fallback(key, tier, cost);
		}
		remember(key, tier, cost, decision, asked);
		return new Verdict(Verdict.Source.PRIMARY, decision);
	}

	@Override
	public void forget(String key) {
		this.denials.forget(key);
		this.leases.forget(key);
		this.fallback.get().forget(key);
	}

	/**
	 * Return the breaker guarding the store.
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker() {
		return this.breaker;
	}

	private Verdict leased(DecisionRequest request, Tier tier) {
		String key = request.key();
		long cost = request.cost();
		TokenLeases.Leased leased = this.leases.decide(key, tier, cost, (size) -> {
			long asked = this.denials.now();
			LeaseGrant grant = guarded(() -> this.primary.evaluateLease(request, Math.max(size, cost)));
			if (grant != null) {
				remember(key, tier, cost, grant.decision(), asked);
			}
			return grant;
		});
		if (leased == null) {
			return fallback(key, tier, cost);
		}
		return new Verdict(leased.local() ? Verdict.Source.LEASE : Verdict.Source.PRIMARY, leased.decision());
	}

	private void remember(String key, Tier tier, long cost, Decision decision, long asked) {
		if (tier.denyCache()) {
			this.denials.remember(key, tier, cost, decision, asked);
		}
	}

	/**
	 * Call the store through the breaker.
	 * @param call the call
	 * @return its result, or {@code null} if the breaker refused or the store failed
	 */
	private <T> @Nullable T guarded(Supplier<T> call) {
		if (!this.breaker.tryAcquirePermission()) {
			return null;
		}
		long start = System.nanoTime();
		try {
			T result = call.get();
			long elapsed = System.nanoTime() - start;
			this.breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
			this.observer.backendCall(Duration.ofNanos(elapsed), true);
			endEpisode();
			return result;
		}
		catch (RateLimitBackendException ex) {
			long elapsed = System.nanoTime() - start;
			this.breaker.onError(elapsed, TimeUnit.NANOSECONDS, ex);
			this.observer.backendCall(Duration.ofNanos(elapsed), false);
			startEpisode(ex);
			return null;
		}
		catch (RuntimeException ex) {
			// not the store's failure, but the permission taken must not leak: in
			// half-open
			// state a few leaked permissions would keep the breaker from ever closing
			this.breaker.releasePermission();
			throw ex;
		}
	}

	private Verdict fallback(String key, Tier tier, long cost) {
		return switch (tier.failurePolicy()) {
			case FAIL_OPEN -> new Verdict(Verdict.Source.FAIL_OPEN, null);
			case FAIL_CLOSED -> new Verdict(Verdict.Source.FAIL_CLOSED, null);
			case LOCAL -> new Verdict(Verdict.Source.LOCAL_FALLBACK,
					this.fallback.get().decide(key, this.share.of(tier.limits(), cost), cost));
		};
	}

	private void startEpisode(Throwable cause) {
		if (this.episodeStart.compareAndSet(0, System.nanoTime())) {
			this.observer.fallbackStarted(cause);
		}
	}

	private void endEpisode() {
		long started = this.episodeStart.get();
		if (started != 0 && this.episodeStart.compareAndSet(started, 0)) {
			this.observer.fallbackEnded(Duration.ofNanos(System.nanoTime() - started));
		}
	}

}
