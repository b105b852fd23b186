package dev.ratelimit.core;

/**
 * Grants and releases permits of {@link ConcurrencyLimit}s on the shared store, answering
 * by the tier's failure policy when the store cannot, and renews the permits this node
 * holds; what the web layer calls for every request of a tier with a concurrency limit.
 */
public interface ConcurrencyGuard {

	/**
	 * Request a permit.
	 * @param key the client's key within the tier
	 * @param tier the tier, whose failure policy applies
	 * @param limit the tier's concurrency limit
	 * @return who decided, the decision and the permit granted
	 */
	PermitVerdict acquire(String key, Tier tier, ConcurrencyLimit limit);

	/**
	 * Release a permit where it was granted; a second release does nothing.
	 * @param permit the permit
	 */
	void release(Permit permit);

	/**
	 * Renew every permit this node holds, in as few store calls as the store allows.
	 */
	void renewHeld();

	/**
	 * Return how many permits of a tier this node holds now.
	 * @param tier the tier's name
	 * @return the permits
	 */
	int held(String tier);

}
