package dev.ratelimit.core;

/**
 * What happens to a request when the shared store cannot decide it.
 */
public enum FailurePolicy {

	/** Admit the request: availability over protection. */
	FAIL_OPEN("fail-open"),

	/** Refuse the request with 503: protection over availability. */
	FAIL_CLOSED("fail-closed"),

	/**
	 * Decide with the in-process twin, each node enforcing its share of the limit; over
	 * the whole fleet up to {@code nodes x share} is admitted while the store is away.
	 */
	LOCAL("local");

	private final String id;

	FailurePolicy(String id) {
		this.id = id;
	}

	/**
	 * Return the configuration name, such as {@code fail-open}.
	 * @return the name
	 */
	public String id() {
		return this.id;
	}

}
