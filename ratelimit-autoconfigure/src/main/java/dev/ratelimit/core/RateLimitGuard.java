package dev.ratelimit.core;

/**
 * Decides requests on the shared store and answers by the tier's failure policy when the
 * store cannot decide; what the web layer calls for every charged request.
 */
public interface RateLimitGuard {

	/**
	 * Decide a request.
	 * @param key the client's key within the tier
	 * @param tier the tier
	 * @param cost the units the request takes
	 * @return who decided, and the decision if one was made
	 */
	Verdict decide(String key, Tier tier, long cost);

	/**
	 * Forget what this node keeps of a key besides the store: its remembered denial, its
	 * leased units and its local-fallback state. Other nodes keep theirs until they
	 * lapse.
	 * @param key the client's key within the tier
	 */
	void forget(String key);

}
