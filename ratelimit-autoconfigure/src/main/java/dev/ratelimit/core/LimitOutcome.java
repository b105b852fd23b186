package dev.ratelimit.core;

import java.time.Duration;

/**
 * How one limit stands after a decision.
 *
 * @param spec the limit
 * @param remaining whole units left (after this request if it was allowed)
 * @param resetAfter time until the limit is fully replenished: the bucket full again, the
 * newest logged entry out of the sliding window, or the fixed window's end
 * @param retryAfter time until this request's cost would fit, zero if it fits now: the
 * exact wait for the bucket algorithms, the time the oldest entry that must go leaves the
 * sliding window, the fixed window's end
 * @param windowSeconds the {@code w} of the {@code RateLimit-Policy} field: the
 * {@link LimitSpec#windowSeconds() limit's}, or for a calendar period the length of the
 * current window in whole seconds (a 23-hour day, a 29-day month)
 */
public record LimitOutcome(LimitSpec spec, long remaining, Duration resetAfter, Duration retryAfter,
		long windowSeconds) {

	/**
	 * Create an outcome whose window is the limit's.
	 * @param spec the limit
	 * @param remaining whole units left
	 * @param resetAfter time until the limit is fully replenished
	 * @param retryAfter time until this request's cost would fit
	 */
	public LimitOutcome(LimitSpec spec, long remaining, Duration resetAfter, Duration retryAfter) {
		this(spec, remaining, resetAfter, retryAfter, spec.windowSeconds());
	}

	/**
	 * Return whether this limit alone would admit the request.
	 * @return whether the cost fits
	 */
	public boolean fits() {
		return this.retryAfter.isZero();
	}

	/**
	 * Return how this limit stands {@code elapsed} later if nothing is charged meanwhile,
	 * as far as the outcome tells: both waits shortened, never below zero, and the units
	 * left as they were (a lower bound for the refilling algorithms).
	 * @param elapsed the time passed since the outcome
	 * @return the outcome
	 */
	public LimitOutcome later(Duration elapsed) {
		return new LimitOutcome(this.spec, this.remaining, shorten(this.resetAfter, elapsed),
				shorten(this.retryAfter, elapsed), this.windowSeconds);
	}

	private static Duration shorten(Duration wait, Duration elapsed) {
		Duration left = wait.minus(elapsed);
		return left.isNegative() ? Duration.ZERO : left;
	}

}
