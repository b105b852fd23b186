package dev.ratelimit.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

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

	/**
	 * Return the policy with the given configuration name.
	 * @param id the name
	 * @return the policy
	 * @throws IllegalArgumentException if no policy has that name
	 */
	public static FailurePolicy fromId(String id) {
		String normalized = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (FailurePolicy policy : values()) {
			if (policy.id.equals(normalized)) {
				return policy;
			}
		}
		throw new IllegalArgumentException("Unknown failure policy '" + id + "'; expected one of "
				+ Arrays.stream(values()).map(FailurePolicy::id).collect(Collectors.joining(", ")));
	}

}
