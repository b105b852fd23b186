package dev.ratelimit.benchmarks;

import java.time.Duration;

import dev.ratelimit.core.LimitSpec;

/**
 * The limit every contender enforces: a bucket of {@code burst} tokens refilled at
 * {@code permits} per {@code period}.
 *
 * @param name the limit's name, the suffix of our state keys
 * @param burst the bucket capacity
 * @param permits the tokens added per period
 * @param period the refill period
 */
record BenchLimit(String name, long burst, long permits, Duration period) {

	/** Burst 50 refilled at 1000 a minute (about 16.7/s): a hot key is mostly denied. */
	static final BenchLimit MOSTLY_DENIED = new BenchLimit("per-minute", 50, 1000, Duration.ofMinutes(1));

	/**
	 * Burst 50 refilled at 3,000,000 a minute (50 per millisecond): nearly all admitted.
	 */
	static final BenchLimit MOSTLY_ADMITTED = new BenchLimit("fast-per-minute", 50, 3_000_000, Duration.ofMinutes(1));

	/**
	 * Burst 50 refilled at 50 an hour: nothing refills while a burst is being fought
	 * over.
	 */
	static final BenchLimit BURST_ONLY = new BenchLimit("per-hour", 50, 50, Duration.ofHours(1));

	/**
	 * Return the limit as our specification.
	 * @return the specification
	 */
	LimitSpec spec() {
		return LimitSpec.of(this.name, this.permits, this.period, this.burst);
	}

	/**
	 * Return the window in which a sliding-window limiter (Redisson) grants {@code burst}
	 * permits, so that its sustained rate matches the bucket's.
	 * @return the window
	 */
	Duration window() {
		return this.period.multipliedBy(this.burst).dividedBy(this.permits);
	}

	@Override
	public String toString() {
		String period = this.period.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
		return "burst " + this.burst + ", refill " + this.permits + " per " + period;
	}

}
