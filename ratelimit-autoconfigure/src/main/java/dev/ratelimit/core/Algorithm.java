package dev.ratelimit.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The algorithm that decides one limit. Any mix of algorithms can be decided together
 * in one all-or-nothing decision.
 */
public enum Algorithm {

	/**
	 * Token bucket with continuous, exact refill: {@code limit} tokens per
	 * {@code period}, up to {@code burst} tokens saved.
	 */
	TOKEN_BUCKET("token-bucket", true),

	/**
	 * Exact rolling window: no more than {@code limit} units in any {@code period}-long
	 * window, kept as a log of timestamps; memory grows with the limit. The burst must
	 * equal the limit.
	 */
	SLIDING_WINDOW_LOG("sliding-window-log", false),

	/**
	 * A quota per calendar window aligned to the UTC epoch (a {@code 1d} window resets at
	 * 00:00 UTC): {@code limit} units per window, reset at the window's end. The burst
	 * must equal the limit.
	 */
	FIXED_WINDOW("fixed-window", false),

	/**
	 * Generic cell rate algorithm: the token bucket's schedule kept as one number, the
	 * theoretical arrival time, with one unit every {@code period / limit} rounded up to
	 * the microsecond and up to {@code burst} units at once.
	 */
	GCRA("gcra", true);

	private final String id;

	private final boolean burstable;

	Algorithm(String id, boolean burstable) {
		this.id = id;
		this.burstable = burstable;
	}

	/**
	 * Return the configuration name of this algorithm, such as {@code token-bucket}.
	 * @return the name
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return whether the algorithm takes a burst of its own; the window algorithms admit
	 * exactly {@code limit} units per window, so their burst must equal the limit.
	 * @return whether a burst other than the limit is allowed
	 */
	public boolean hasBurst() {
		return this.burstable;
	}

	/**
	 * Return the algorithm with the given configuration name.
	 * @param id the name, such as {@code token-bucket}
	 * @return the algorithm
	 * @throws IllegalArgumentException if no algorithm has that name
	 */
	public static Algorithm fromId(String id) {
		String normalized = id.trim().toLowerCase(Locale.ROOT).replace('_', '-');
		for (Algorithm algorithm : values()) {
			if (algorithm.id.equals(normalized)) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException("Unknown algorithm '" + id + "'; expected one of "
				+ Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", ")));
	}

}
