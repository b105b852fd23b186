package dev.ratelimit.core;

/**
 * The algorithm that decides one limit. Any mix of algorithms can be decided together in
 * one all-or-nothing decision.
 */
public enum Algorithm {

	/**
	 * Token bucket with continuous, exact refill: {@code limit} tokens per
	 * {@code period}, up to {@code burst} tokens saved.
	 */
	TOKEN_BUCKET("token-bucket", true),

	/**
	 * Exact rolling window: no more than {@code limit} units in any {@code period}-long
	 * window, kept as a log of one entry per admission; memory grows with the limit,
	 * which is therefore at most {@value LimitSpec#MAX_LOG_ENTRIES}. The burst must equal
	 * the limit.
	 */
	SLIDING_WINDOW_LOG("sliding-window-log", false),

	/**
	 * Rolling window estimated from two adjacent fixed windows: the current window's
	 * count plus the previous window's weighted by how much of it the rolling window
	 * still covers. Constant memory for any limit. The burst must equal the limit.
	 */
	SLIDING_WINDOW_COUNTER("sliding-window-counter", false),

	/**
	 * A quota per window aligned to the UTC epoch (a {@code 1d} window resets at 00:00
	 * UTC), or per {@link CalendarPeriod calendar period} in a zone: {@code limit} units
	 * per window, reset at the window's end. The burst must equal the limit.
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

}
