package dev.ratelimit.core;

/**
 * One limit read for one request at one instant, before anything is charged: the first
 * half of the all-or-nothing decision, mirroring the read phase of
 * {@code lua/limits.lua}.
 */
interface LimitProbe {

	/**
	 * Return whether this limit alone would admit the request's cost.
	 * @return whether the cost fits
	 */
	boolean fits();

	/**
	 * Charge the cost.
	 * @return the state to keep
	 */
	LimitState charge();

	/**
	 * Return how the limit stands.
	 * @param charged whether the request was admitted and charged
	 * @return the outcome
	 */
	LimitOutcome outcome(boolean charged);

}
