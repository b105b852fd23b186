package dev.ratelimit.core;

import java.time.Duration;

/**
 * How one limit stands after a decision.
 *
 * @param spec the limit
 * @param remaining whole units left (after this request if it was allowed)
 * @param resetAfter time until the limit is fully replenished
 * @param retryAfter time until this request's cost would fit, zero if it fits now
 */
public record LimitOutcome(LimitSpec spec, long remaining, Duration resetAfter, Duration retryAfter) {

	/**
	 * Return whether this limit alone would admit the request.
	 * @return whether the cost fits
	 */
	public boolean fits() {
		return this.retryAfter.isZero();
	}

}
