package dev.ratelimit.core;

import java.time.Duration;

/**
 * Where the nodes of a fleet register with a heartbeat, so that each knows how many share
 * the limits.
 */
public interface FleetRegistry {

	/**
	 * Register a node, or renew its registration, and count the fleet.
	 * @param node the node's id, unique in the fleet
	 * @param ttl how long the registration lasts without another beat
	 * @return the number of registered nodes, this one included
	 * @throws RateLimitBackendException if the store fails or is too slow
	 */
	int beat(String node, Duration ttl);

	/**
	 * Remove a node's registration.
	 * @param node the node's id
	 * @throws RateLimitBackendException if the store fails or is too slow
	 */
	void leave(String node);

}
