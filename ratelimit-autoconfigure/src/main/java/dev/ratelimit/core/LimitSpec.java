package dev.ratelimit.core;

import java.time.Duration;

/**
 * One limit: {@code limit} units per {@code period} sustained, with up to {@code burst}
 * units available at once, decided by an {@link Algorithm}.
 *
 * @param name the limit's name, unique within a tier, such as {@code per-minute}
 * @param limit the units granted per period, at least 1
 * @param period the period, at least one millisecond; for a fixed window also the
 * window's length, aligned to the UTC epoch
 * @param burst the bucket capacity, at least 1; equal to {@code limit} for the window
 * algorithms
 * @param algorithm the algorithm
 */
public record LimitSpec(String name, long limit, Duration period, long burst, Algorithm algorithm) {

	/**
	 * Largest {@code burst * period} in microseconds of the bucket algorithms, and
	 * largest period and limit of the window algorithms; keeps Lua's doubles exact.
	 */
	public static final long MAX_CAPACITY_MICROS = 1L << 52;

	/**
	 * Validate the specification.
	 * @throws IllegalArgumentException naming the bad value
	 */
	public LimitSpec {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("Limit name must not be empty");
		}
		if (limit <= 0) {
			throw new IllegalArgumentException("Limit '" + name + "': limit must be at least 1 but was " + limit);
		}
		if (period == null || period.isNegative() || period.isZero()) {
			throw new IllegalArgumentException("Limit '" + name + "': period must be positive but was " + period);
		}
		if (period.compareTo(Duration.ofMillis(1)) < 0) {
			throw new IllegalArgumentException("Limit '" + name + "': period must be at least 1ms but was " + period);
		}
		if (burst < 1) {
			throw new IllegalArgumentException("Limit '" + name + "': burst must be at least 1 but was " + burst);
		}
		if (algorithm == null) {
			throw new IllegalArgumentException("Limit '" + name + "': algorithm must not be null");
		}
		long periodMicros = toMicros(period);
		if (!algorithm.hasBurst()) {
			if (burst != limit) {
				throw new IllegalArgumentException("Limit '" + name + "': " + algorithm.id() + " admits exactly "
						+ limit + " per window, so burst must equal the limit but was " + burst);
			}
			if (periodMicros > MAX_CAPACITY_MICROS || limit > MAX_CAPACITY_MICROS) {
				throw new IllegalArgumentException("Limit '" + name + "': limit " + limit + " over period " + period
						+ " is too large (each must stay below 2^52, the period in microseconds)");
			}
		}
		else if (periodMicros > MAX_CAPACITY_MICROS / burst) {
			throw new IllegalArgumentException("Limit '" + name + "': burst " + burst + " over period " + period
					+ " is too large (burst * period must stay below 2^52 microseconds)");
		}
	}

	/**
	 * Create a token-bucket limit whose burst equals its limit.
	 * @param name the name
	 * @param limit the units per period
	 * @param period the period
	 * @return the specification
	 */
	public static LimitSpec of(String name, long limit, Duration period) {
		return new LimitSpec(name, limit, period, limit, Algorithm.TOKEN_BUCKET);
	}

	/**
	 * Create a token-bucket limit.
	 * @param name the name
	 * @param limit the units per period
	 * @param period the period
	 * @param burst the bucket capacity
	 * @return the specification
	 */
	public static LimitSpec of(String name, long limit, Duration period, long burst) {
		return new LimitSpec(name, limit, period, burst, Algorithm.TOKEN_BUCKET);
	}

	/**
	 * Create a limit whose burst equals its limit.
	 * @param name the name
	 * @param limit the units per period
	 * @param period the period
	 * @param algorithm the algorithm
	 * @return the specification
	 */
	public static LimitSpec of(String name, long limit, Duration period, Algorithm algorithm) {
		return new LimitSpec(name, limit, period, limit, algorithm);
	}

	/**
	 * Return the period in microseconds.
	 * @return the period
	 */
	public long periodMicros() {
		return toMicros(this.period);
	}

	/**
	 * Return the {@code w} of the {@code RateLimit-Policy} field, rounded up to whole
	 * seconds: the period for the window algorithms, the time an empty bucket takes to
	 * fill up for the others.
	 * @return the window in seconds, at least 1
	 */
	public long windowSeconds() {
		long micros = switch (this.algorithm) {
			case SLIDING_WINDOW_LOG, FIXED_WINDOW -> periodMicros();
			case GCRA -> this.burst * Gcra.intervalMicros(this);
			case TOKEN_BUCKET -> Micros.ceilDiv(this.burst * periodMicros(), this.limit);
		};
		return Math.max(1, Micros.ceilDiv(micros, 1_000_000L));
	}

	private static long toMicros(Duration duration) {
		return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
	}

}
