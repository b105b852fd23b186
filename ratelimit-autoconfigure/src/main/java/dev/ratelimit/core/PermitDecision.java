package dev.ratelimit.core;

/**
 * The answer to a request for a permit of a {@link ConcurrencyLimit}.
 *
 * @param limit the limit, or this node's share of it
 * @param allowed whether a permit was granted
 * @param inFlight the permits held after the decision, the granted one included
 */
public record PermitDecision(ConcurrencyLimit limit, boolean allowed, long inFlight) {

	/**
	 * Return how many more permits could be granted now.
	 * @return the permits left, never negative
	 */
	public long remaining() {
		return Math.max(0, this.limit.limit() - this.inFlight);
	}

}
