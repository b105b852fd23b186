package dev.ratelimit.core;

import java.util.Locale;

/**
 * How a request fared, as counted by metrics.
 */
public enum Outcome {

	/** The shared store admitted it. */
	ALLOWED,

	/** The shared store denied it. */
	DENIED,

	/**
	 * The store failed and the failure policy admitted it (fail-open, or the local twin).
	 */
	FALLBACK_ALLOWED,

	/**
	 * The store failed and the failure policy refused it (fail-closed, or the local
	 * twin).
	 */
	FALLBACK_DENIED,

	/** Shadow mode: it would have been denied but was let through. */
	SHADOW_DENIED,

	/**
	 * Shadow mode: the store failed and the tier's fail-closed policy would have refused
	 * it with 503, but it was let through.
	 */
	SHADOW_UNAVAILABLE;

	/**
	 * Return the metric tag value, such as {@code fallback_allowed}.
	 * @return the tag value
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
