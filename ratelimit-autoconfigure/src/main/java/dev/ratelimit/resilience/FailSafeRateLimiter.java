package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Tier;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * Guards the shared limiter: every call passes a Resilience4j circuit breaker, and when
 * the store fails, times out or the breaker is open, the tier's {@link FailurePolicy}
 * decides instead. A failed call is never retried, since the script may have run.
 */
public class FailSafeRateLimiter {

	private final RateLimiter primary;

	private final CircuitBreaker breaker;

	private final RateLimiter fallback;

	private final NodeShare share;

	private final RateLimitObserver observer;

	private final AtomicLong episodeStart = new AtomicLong();

	/**
	 * Create a guarded limiter.
	 * @param primary the shared limiter
	 * @param breaker the breaker around it
	 * @param fallback the in-process twin used by {@link FailurePolicy#LOCAL}
	 * @param expectedNodes how many nodes share the load, for the local share
	 * @param observer receives latencies and episode changes
	 */
	public FailSafeRateLimiter(RateLimiter primary, CircuitBreaker breaker, RateLimiter fallback, int expectedNodes,
			RateLimitObserver observer) {
		this.primary = primary;
		this.breaker = breaker;
		this.fallback = fallback;
		this.share = new NodeShare(expectedNodes);
		this.observer = observer;
	}

	/**
	 * Decide a request.
	 * @param key the client's key within the tier
	 * @param tier the tier
	 * @param cost the cost
	 * @return the verdict
	 */
	public Verdict decide(String key, Tier tier, long cost) {
		if (!this.breaker.tryAcquirePermission()) {
			return fallback(key, tier, cost);
		}
		long start = System.nanoTime();
		try {
			Decision decision = this.primary.decide(key, tier.limits(), cost);
			long elapsed = System.nanoTime() - start;
			this.breaker.onSuccess(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
			this.observer.backendCall(Duration.ofNanos(elapsed), true);
			endEpisode();
			return new Verdict(Verdict.Source.PRIMARY, decision);
		}
		catch (RateLimitBackendException | CallNotPermittedException ex) {
			long elapsed = System.nanoTime() - start;
			this.breaker.onError(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS, ex);
			this.observer.backendCall(Duration.ofNanos(elapsed), false);
			startEpisode(ex);
			return fallback(key, tier, cost);
		}
	}

	/**
	 * Return the breaker guarding the store.
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker() {
		return this.breaker;
	}

	private Verdict fallback(String key, Tier tier, long cost) {
		return switch (tier.failurePolicy()) {
			case FAIL_OPEN -> new Verdict(Verdict.Source.FAIL_OPEN, null);
			case FAIL_CLOSED -> new Verdict(Verdict.Source.FAIL_CLOSED, null);
			case LOCAL -> new Verdict(Verdict.Source.LOCAL_FALLBACK,
					this.fallback.decide(key, this.share.of(tier.limits()), cost));
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
