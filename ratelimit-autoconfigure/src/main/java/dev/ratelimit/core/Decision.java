package dev.ratelimit.core;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The answer to one request: allowed or not, and how every limit stands.
 *
 * @param allowed whether the request is admitted; if not, nothing was consumed
 * @param reason why the decision was made
 * @param deciding the outcome of the limit that decided: when denied, the denying limit
 * with the longest wait; when allowed, the limit with the fewest units left
 * @param outcomes the outcome of every limit, in the order they were given
 */
public record Decision(boolean allowed, Reason reason, LimitOutcome deciding, List<LimitOutcome> outcomes) {

	/**
	 * Orders limits from the most restrictive: the fewest units left, then the longest
	 * until full again; the one order of every report of a limit that applies.
	 */
	public static final Comparator<LimitOutcome> MOST_RESTRICTIVE = Comparator.comparingLong(LimitOutcome::remaining)
		.thenComparing(LimitOutcome::resetAfter, Comparator.reverseOrder());

	private static final Comparator<LimitOutcome> LONGEST_WAIT = Comparator.comparing(LimitOutcome::retryAfter,
			Comparator.reverseOrder());

	/**
	 * Why a decision was made.
	 */
	public enum Reason {

		/** Every limit had room for the cost. */
		ALLOWED,

		/** At least one limit had too few units left; retry later. */
		LIMIT_EXCEEDED,

		/** The cost exceeds a limit's burst, so no wait can make it fit. */
		COST_EXCEEDS_CAPACITY

	}

	public Decision {
		outcomes = List.copyOf(outcomes);
	}

	/**
	 * Build a decision from per-limit outcomes.
	 * @param allowed whether all limits admitted the request
	 * @param outcomes the outcome of every limit
	 * @return the decision
	 */
	public static Decision of(boolean allowed, List<LimitOutcome> outcomes) {
		if (allowed) {
			return new Decision(true, Reason.ALLOWED, outcomes.stream().min(MOST_RESTRICTIVE).orElseThrow(), outcomes);
		}
		LimitOutcome deciding = outcomes.stream().filter((o) -> !o.fits()).min(LONGEST_WAIT).orElseThrow();
		return new Decision(false, Reason.LIMIT_EXCEEDED, deciding, outcomes);
	}

	/**
	 * Return this decision as it stands {@code elapsed} later if nothing is charged
	 * meanwhile: every wait shortened by the elapsed time, never below zero, the units
	 * left as they were; the deciding limit stays the same.
	 * @param elapsed the time passed since the decision
	 * @return the decision
	 */
	public Decision later(Duration elapsed) {
		return new Decision(this.allowed, this.reason, this.deciding.later(elapsed),
				this.outcomes.stream().map((outcome) -> outcome.later(elapsed)).toList());
	}

	/**
	 * Return the units left on the deciding limit.
	 * @return the remaining units
	 */
	public long remaining() {
		return this.deciding.remaining();
	}

	/**
	 * Return the burst of the deciding limit.
	 * @return the limit's capacity
	 */
	public long limit() {
		return this.deciding.spec().burst();
	}

	/**
	 * Return the time until the deciding limit is fully replenished.
	 * @return the reset delay
	 */
	public Duration resetAfter() {
		return this.deciding.resetAfter();
	}

	/**
	 * Return how long to wait before the same request could be admitted; zero when
	 * allowed or when the cost can never fit.
	 * @return the retry delay
	 */
	public Duration retryAfter() {
		return this.deciding.retryAfter();
	}

}
