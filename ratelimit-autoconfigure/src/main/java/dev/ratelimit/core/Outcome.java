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
	 * Return how a request fared on a verdict: the one reading of a rate limit's verdict
	 * and of a concurrency limit's alike.
	 * @param source who decided
	 * @param allowed whether the decision admitted the request; ignored when nobody
	 * decided ({@link Verdict.Source#FAIL_OPEN}, {@link Verdict.Source#FAIL_CLOSED})
	 * @param shadow whether the tier only counts its denials
	 * @return the outcome
	 */
	public static Outcome of(Verdict.Source source, boolean allowed, boolean shadow) {
		boolean fallback = source == Verdict.Source.LOCAL_FALLBACK;
		return switch (source) {
			case FAIL_OPEN -> FALLBACK_ALLOWED;
			case FAIL_CLOSED -> shadow ? SHADOW_UNAVAILABLE : FALLBACK_DENIED;
			default -> {
				if (allowed) {
					yield fallback ? FALLBACK_ALLOWED : ALLOWED;
				}
				if (shadow) {
					yield SHADOW_DENIED;
				}
				yield fallback ? FALLBACK_DENIED : DENIED;
			}
		};
	}

	/**
	 * Return the metric tag value, such as {@code fallback_allowed}.
	 * @return the tag value
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
