package dev.ratelimit.core;

import java.time.Duration;

/**
 * Receives what the limiter does, for metrics and logs. Implementations must be cheap and
 * must never see client keys.
 */
public interface RateLimitObserver {

	/** An observer that ignores everything. */
	RateLimitObserver NONE = new RateLimitObserver() {
	};

	/**
	 * A request was decided.
	 * @param tier the tier
	 * @param outcome how it fared
	 * @param decision the decision, or {@code null} when no limiter decided
	 */
	default void decided(Tier tier, Outcome outcome, @org.jspecify.annotations.Nullable Decision decision) {
	}

	/**
	 * A call to the shared store finished.
	 * @param latency how long it took
	 * @param success whether it answered
	 */
	default void backendCall(Duration latency, boolean success) {
	}

	/**
	 * A partition of the store became unavailable and failure policies now apply to its
	 * keys.
	 * @param partition the partition, empty when the store has one
	 * @param cause the first failure
	 */
	default void fallbackStarted(String partition, Throwable cause) {
	}

	/**
	 * A partition of the store answered again after an unavailability.
	 * @param partition the partition, empty when the store has one
	 * @param duration how long the episode lasted
	 */
	default void fallbackEnded(String partition, Duration duration) {
	}

}
