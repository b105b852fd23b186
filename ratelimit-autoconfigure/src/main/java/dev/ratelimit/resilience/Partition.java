package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.RateLimitObserver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * What failure touches in one store partition: its breaker, its fallback episode and the
 * local limiter that decides its keys while it is away, dropped when the breaker closes
 * again.
 */
final class Partition {

	private final String name;

	private final CircuitBreaker breaker;

	private final Supplier<LocalRateLimiter> fallbacks;

	private final RateLimitObserver observer;

	private final Consumer<Partition> answered;

	private final AtomicReference<@Nullable LocalRateLimiter> fallback = new AtomicReference<>();

	private final AtomicLong episodeStart = new AtomicLong();

	private final AtomicBoolean settling = new AtomicBoolean();

	/**
	 * Create a partition.
	 * @param name the partition's name, empty when the store has one
	 * @param breaker its breaker
	 * @param fallbacks creates the local limiter for its keys, once per outage
	 * @param observer receives latencies and episode changes
	 * @param answered runs after every call the partition answered
	 */
	Partition(String name, CircuitBreaker breaker, Supplier<LocalRateLimiter> fallbacks, RateLimitObserver observer,
			Consumer<Partition> answered) {
		this.name = name;
		this.breaker = breaker;
		this.fallbacks = fallbacks;
		this.observer = observer;
		this.answered = answered;
		breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
				this.fallback.set(null);
			}
		});
	}

	String name() {
		return this.name;
	}

	/**
	 * Return whether this partition's owed units are being settled, and claim the
	 * settlement if not.
	 * @return whether the caller now settles
	 */
	boolean startSettling() {
		return this.settling.compareAndSet(false, true);
	}

	void endSettling() {
		this.settling.set(false);
	}

	/**
	 * Return the local limiter deciding this partition's keys during the current outage.
	 * @return the limiter
	 */
	LocalRateLimiter fallback() {
		LocalRateLimiter current = this.fallback.get();
		if (current != null) {
			return current;
		}
		LocalRateLimiter created = this.fallbacks.get();
		return this.fallback.compareAndSet(null, created) ? created : fallback();
	}

	/**
	 * Forget a key's state in the current outage's local limiter, if there is one.
	 * @param key the key
	 */
	void forget(String key) {
		LocalRateLimiter current = this.fallback.get();
		if (current != null) {
			current.forget(key);
		}
	}

	/**
	 * Call the store through the breaker.
	 * @param call the call
	 * @return its result, or {@code null} if the breaker refused or the store failed
	 */
	<T> @Nullable T guarded(Supplier<T> call) {
		return Breakers.call(this.breaker, this.observer, call, this::answered, this::startEpisode);
	}

	/**
	 * Call the store through the breaker without waiting for it.
	 * @param call starts the call
	 * @return its result, or {@code null} if the breaker refused or the store failed
	 */
	<T> CompletableFuture<@Nullable T> guardedAsync(Supplier<? extends CompletionStage<T>> call) {
		return Breakers.callAsync(this.breaker, this.observer, call, this::answered, this::startEpisode);
	}

	private void answered() {
		endEpisode();
		this.answered.accept(this);
	}

	private void startEpisode(Throwable cause) {
		if (this.episodeStart.compareAndSet(0, System.nanoTime())) {
			this.observer.fallbackStarted(this.name, cause);
		}
	}

	private void endEpisode() {
		long started = this.episodeStart.get();
		if (started != 0 && this.episodeStart.compareAndSet(started, 0)) {
			this.observer.fallbackEnded(this.name, Duration.ofNanos(System.nanoTime() - started));
		}
	}

}
