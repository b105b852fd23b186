package dev.ratelimit.core;

/**
 * The answer to a lease request: the decision on the request's cost and the units charged
 * for it, which the asking node may spend locally.
 *
 * @param decision the decision; when allowed, each limit's state after the whole grant
 * was charged
 * @param granted the units charged to every limit: at least the cost when allowed, at
 * most the lease size asked for; 0 when denied
 */
public record LeaseGrant(Decision decision, long granted) {

	public LeaseGrant {
		if (decision.allowed() ? granted < 1 : granted != 0) {
			throw new IllegalArgumentException("A grant of " + granted + " units contradicts its decision");
		}
	}

	/**
	 * Return whether the request was admitted.
	 * @return whether units were granted
	 */
	public boolean allowed() {
		return this.decision.allowed();
	}

}
