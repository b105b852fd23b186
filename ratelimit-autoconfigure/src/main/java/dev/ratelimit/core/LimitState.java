package dev.ratelimit.core;

/**
 * What the local twin keeps of one limit of one key between requests.
 */
interface LimitState {

	/**
	 * Return whether the state no longer holds anything: the limit is fully replenished
	 * at {@code now}, so forgetting it changes no decision.
	 * @param now the current time in microseconds
	 * @return whether the state can be dropped
	 */
	boolean isIdle(long now);

}
