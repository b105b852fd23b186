package dev.ratelimit.core;

import java.util.List;

/**
 * Keeps the permits of {@link ConcurrencyLimit}s: grants one while fewer than the limit
 * are held, each lasting its limit's maximum duration unless renewed.
 */
public interface ConcurrencyLimiter {

	/**
	 * Grant a permit if fewer than the limit are held for the key, dropping lapsed ones
	 * first.
	 * @param key the counted client's key
	 * @param limit the limit
	 * @param permit the new permit's id, unique in the fleet
	 * @return the decision
	 */
	PermitDecision acquire(String key, ConcurrencyLimit limit, String permit);

	/**
	 * Release a permit; nothing happens if it has lapsed.
	 * @param key the counted client's key
	 * @param limit the limit
	 * @param permit the permit's id
	 */
	void release(String key, ConcurrencyLimit limit, String permit);

	/**
	 * Extend every given permit still held by its limit's maximum duration from now; a
	 * permit that has lapsed or was released is not granted again.
	 * @param permits the permits
	 */
	void renew(List<Permit> permits);

	/**
	 * Return the store partition that keeps a key's permits, empty when there is one.
	 * @param key the counted client's key
	 * @return the partition
	 */
	default String partition(String key) {
		return "";
	}

}
