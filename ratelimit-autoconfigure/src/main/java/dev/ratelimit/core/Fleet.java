package dev.ratelimit.core;

/**
 * How many nodes share the limits, as the local fallback divides them and the actuator
 * endpoint reports them.
 */
public interface Fleet {

	/**
	 * Return the number of nodes sharing the limits now.
	 * @return the nodes, at least 1
	 */
	int nodes();

	/**
	 * Return whether the number is counted by the nodes' heartbeats rather than
	 * configured.
	 * @return whether it is counted
	 */
	boolean counted();

}
