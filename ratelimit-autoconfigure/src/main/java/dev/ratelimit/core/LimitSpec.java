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
 * @param lease units a node may take from the shared store in one call and spend
 * locally, 0 for none; only for the bucket algorithms, and at most the burst
 * @param leaseTtl how long a node may spend a lease before its unspent units lapse; at
 * least 1 ms with a lease, zero without
 */
public record LimitSpec(String name, long limit, Duration period, long burst, Algorithm algorithm, long lease,
		Duration leaseTtl) {

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
		if (lease < 0) {
			throw new IllegalArgumentException("Limit '" + name + "': lease must be at least 0 but was " + lease);
		}
		if (lease > 0 && !algorithm.hasBurst()) {
			throw new IllegalArgumentException("Limit '" + name + "': only token-bucket and gcra limits can lease; "
					+ algorithm.id() + " promises exactly its limit per window, which units taken in one window "
					+ "and spent in the next would break");
		}
		if (lease > burst) {
			throw new IllegalArgumentException(
					"Limit '" + name + "': lease must be at most the burst (" + burst + ") but was " + lease);
		}
		if (leaseTtl == null || ((lease > 0) ? leaseTtl.compareTo(Duration.ofMillis(1)) < 0 : !leaseTtl.isZero())) {
			throw new IllegalArgumentException("Limit '" + name + "': lease TTL must be at least 1ms with a lease "
					+ "and zero without but was " + leaseTtl);
		}
	}

	/**
	 * Create a limit that does not lease.
	 * @param name the limit's name
	 * @param limit the units granted per period
	 * @param period the period
	 * @param burst the bucket capacity
	 * @param algorithm the algorithm
	 */
	public LimitSpec(String name, long limit, Duration period, long burst, Algorithm algorithm) {
		this(name, limit, period, burst, algorithm, 0, Duration.ZERO);
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

	/**
	 * Return a copy of this limit that lets a node lease the given units at once, for at
	 * most one period.
	 * @param units the lease size, 0 for none
	 * @return the specification
	 */
	public LimitSpec withLease(long units) {
		return withLease(units, (units > 0) ? this.period : Duration.ZERO);
	}

	/**
	 * Return a copy of this limit that lets a node lease the given units at once.
	 * @param units the lease size, 0 for none
	 * @param ttl how long a lease may be spent
	 * @return the specification
	 */
	public LimitSpec withLease(long units, Duration ttl) {
		return new LimitSpec(this.name, this.limit, this.period, this.burst, this.algorithm, units, ttl);
	}

	private static long toMicros(Duration duration) {
		return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
	}

}
