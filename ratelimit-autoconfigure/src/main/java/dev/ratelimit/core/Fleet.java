package dev.ratelimit.core;

/**
 * How many nodes share the limits, as the local fallback divides them and the actuator
 * endpoint reports them.
 */
public interface Fleet {

	/**
	 * Return the number of nodes sharing the limits now.
	 * @return the nodes, at least 1; 1 while {@link #awaitingCount() awaiting the first
	 * count}, when no share may be computed from it
	 */
	int nodes();

	/**
	 * Return whether the number is counted by the nodes' heartbeats rather than
	 * configured.
	 * @return whether it is counted
	 */
	boolean counted();

	/**
	 * Return whether the number is counted and no count has been taken yet: this node
	 * does not know how many share the limits, so the local fallback must not decide.
	 * @return whether the first count is awaited
	 */
	boolean awaitingCount();

	/**
	 * Return a fleet of a configured number of nodes.
	 * @param nodes the number of nodes, at least 1
	 * @return the fleet
	 */
	static Fleet of(int nodes) {
		if (nodes < 1) {
			throw new IllegalArgumentException("Expected nodes must be at least 1 but was " + nodes);
		}
		return new Fleet() {

			@Override
			public int nodes() {
				return nodes;
			}

			@Override
			public boolean counted() {
				return false;
			}

			@Override
			public boolean awaitingCount() {
				return false;
			}

		};
	}

}
