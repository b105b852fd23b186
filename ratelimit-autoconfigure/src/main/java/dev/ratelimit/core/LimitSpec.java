package dev.ratelimit.core;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One limit: {@code limit} units per {@code period} sustained, with up to {@code burst}
 * units available at once, decided by an {@link Algorithm}.
 *
 * @param name the limit's name, unique within a tier, such as {@code per-minute}
 * @param limit the units granted per period, from 1 to 10^9 (at most 10,000 for a sliding
 * log)
 * @param period the period, from one millisecond to 366 days; for the window algorithms
 * also the window's length, aligned to the UTC epoch
 * @param burst the bucket capacity, from 1 to 10^9, refilled within 100 years; equal to
 * {@code limit} for the window algorithms
 * @param algorithm the algorithm
 * @param lease units a node may take from the shared store in one call and spend locally,
 * 0 for none; only for the bucket algorithms, and at most the burst
 * @param leaseTtl how long a node may spend a lease before its unspent units lapse; at
 * least 1 ms with a lease, zero without
 * @param calendar the calendar period whose windows a fixed window follows instead of
 * windows of one period aligned to the epoch, or {@code null}; the period is then the
 * calendar's {@link CalendarPeriod#longest() longest window}
 */
public record LimitSpec(String name, long limit, Duration period, long burst, Algorithm algorithm, long lease,
		Duration leaseTtl, @Nullable CalendarPeriod calendar) {

	/** Largest limit and burst. */
	public static final long MAX_UNITS = 1_000_000_000L;

	/**
	 * Longest period. It also bounds the script's exactness: {@code muldiv} in
	 * {@code limits.lua} is exact while {@code m * 256 + b * 255 < 2^53}, which a period
	 * of 366 days in microseconds times {@link #MAX_UNITS} keeps (about 8.1e15 against
	 * 9.0e15); raise either only with that bound in view.
	 */
	public static final Duration MAX_PERIOD = Duration.ofDays(366);

	/**
	 * Largest limit of a {@link Algorithm#SLIDING_WINDOW_LOG sliding log}, which keeps
	 * one entry per admission; {@link Algorithm#SLIDING_WINDOW_COUNTER} takes any limit.
	 */
	public static final long MAX_LOG_ENTRIES = 10_000;

	/**
	 * Longest time a bucket algorithm may take to refill its whole burst; keeps every
	 * instant it computes below 2^53 microseconds, where Lua's doubles are exact.
	 */
	public static final Duration MAX_REFILL = Duration.ofDays(36_525);

	/**
	 * Validate the specification.
	 * @throws InvalidLimitException naming the bad value and its component
	 */
	public LimitSpec {
		if (name == null || name.isBlank()) {
			throw new InvalidLimitException("name", "Limit name must not be empty");
		}
		if (limit < 1 || limit > MAX_UNITS) {
			throw new InvalidLimitException("limit",
					"Limit '" + name + "': limit must be from 1 to " + MAX_UNITS + " but was " + limit);
		}
		if (period == null || period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(MAX_PERIOD) > 0) {
			throw new InvalidLimitException("period",
					"Limit '" + name + "': period must be from 1ms to " + MAX_PERIOD.toDays() + "d but was " + period);
		}
		if (burst < 1 || burst > MAX_UNITS) {
			throw new InvalidLimitException("burst",
					"Limit '" + name + "': burst must be from 1 to " + MAX_UNITS + " but was " + burst);
		}
		if (algorithm == null) {
			throw new InvalidLimitException("algorithm", "Limit '" + name + "': algorithm must not be null");
		}
		if (!algorithm.hasBurst() && burst != limit) {
			throw new InvalidLimitException("burst", "Limit '" + name + "': " + algorithm.id() + " admits exactly "
					+ limit + " per window, so burst must equal the limit but was " + burst);
		}
		if (algorithm == Algorithm.SLIDING_WINDOW_LOG && limit > MAX_LOG_ENTRIES) {
			throw new InvalidLimitException("limit",
					"Limit '" + name + "': sliding-window-log keeps one entry per "
							+ "admission, so its limit must be at most " + MAX_LOG_ENTRIES + " but was " + limit
							+ "; use sliding-window-counter for larger limits (constant memory per client)");
		}
		if (algorithm.hasBurst()) {
			long interval = FractionalMicros.quotient(Micros.of(period), limit).ceil();
			if (interval > Micros.of(MAX_REFILL) / burst) {
				throw new InvalidLimitException("burst", "Limit '" + name + "': burst " + burst + " at " + limit
						+ " per " + period + " takes more than " + MAX_REFILL.toDays() / 365 + " years to refill");
			}
		}
		if (lease < 0) {
			throw new InvalidLimitException("lease", "Limit '" + name + "': lease must be at least 0 but was " + lease);
		}
		if (lease > 0 && !algorithm.hasBurst()) {
			throw new InvalidLimitException("lease",
					"Limit '" + name + "': only token-bucket and gcra limits can " + "lease; " + algorithm.id()
							+ " promises exactly its limit per window, which units taken in "
							+ "one window and spent in the next would break");
		}
		if (lease > burst) {
			throw new InvalidLimitException("lease",
					"Limit '" + name + "': lease must be at most the burst (" + burst + ") but was " + lease);
		}
		if (leaseTtl == null || (lease == 0 && !leaseTtl.isZero())) {
			throw new InvalidLimitException("leaseTtl",
					"Limit '" + name + "': lease TTL applies only to a limit that leases but was " + leaseTtl);
		}
		if (lease > 0 && leaseTtl.compareTo(Duration.ofMillis(1)) < 0) {
			throw new InvalidLimitException("leaseTtl",
					"Limit '" + name + "': lease TTL must be at least 1ms but was " + leaseTtl);
		}
		if (calendar != null && algorithm != Algorithm.FIXED_WINDOW) {
			throw new InvalidLimitException("algorithm", "Limit '" + name + "': a " + calendar.unit().id()
					+ " period is a fixed window, so its algorithm must be fixed-window but was " + algorithm.id());
		}
		if (calendar != null && !period.equals(calendar.longest())) {
			throw new InvalidLimitException("period", "Limit '" + name + "': a " + calendar.unit().id()
					+ " limit's period is its longest window, " + calendar.longest() + ", but was " + period);
		}
	}

	/**
	 * Create a limit whose windows are not calendar periods.
	 * @param name the limit's name
	 * @param limit the units granted per period
	 * @param period the period
	 * @param burst the bucket capacity
	 * @param algorithm the algorithm
	 * @param lease units a node may lease, 0 for none
	 * @param leaseTtl how long a node may spend a lease
	 */
	public LimitSpec(String name, long limit, Duration period, long burst, Algorithm algorithm, long lease,
			Duration leaseTtl) {
		this(name, limit, period, burst, algorithm, lease, leaseTtl, null);
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
	 * Create a fixed-window limit whose windows are the periods of a calendar.
	 * @param name the name
	 * @param limit the units per window
	 * @param calendar the calendar period
	 * @return the specification
	 */
	public static LimitSpec calendar(String name, long limit, CalendarPeriod calendar) {
		return new LimitSpec(name, limit, calendar.longest(), limit, Algorithm.FIXED_WINDOW, 0, Duration.ZERO,
				calendar);
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
		return Micros.of(this.period);
	}

	/**
	 * Return the time per unit, {@code period / limit}, exactly.
	 * @return the emission interval
	 */
	public FractionalMicros emissionInterval() {
		return FractionalMicros.quotient(periodMicros(), this.limit);
	}

	/**
	 * Return how far a token bucket may be from full: the burst's worth of emission
	 * intervals.
	 * @return the capacity in microseconds
	 */
	public FractionalMicros bucketCapacity() {
		return emissionInterval().times(this.burst);
	}

	/**
	 * Return GCRA's tolerance: the burst's worth of emission intervals, each rounded up
	 * to whole microseconds.
	 * @return the tolerance in microseconds
	 */
	public long gcraTolerance() {
		return this.burst * emissionInterval().ceil();
	}

	/**
	 * Return the {@code w} of the {@code RateLimit-Policy} field, rounded up to whole
	 * seconds: the period for the window algorithms (the longest window for a calendar
	 * period, whose current window a {@link LimitOutcome} gives), the time an empty
	 * bucket takes to fill up for the others.
	 * @return the window in seconds, at least 1
	 */
	public long windowSeconds() {
		long micros = switch (this.algorithm) {
			case SLIDING_WINDOW_LOG, SLIDING_WINDOW_COUNTER, FIXED_WINDOW -> periodMicros();
			case GCRA -> gcraTolerance();
			case TOKEN_BUCKET -> bucketCapacity().ceil();
		};
		return Math.max(1, DeltaSeconds.ofMicros(micros));
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
		return new LimitSpec(this.name, this.limit, this.period, this.burst, this.algorithm, units, ttl, this.calendar);
	}

	/**
	 * Return a copy of this limit with other units, such as a node's share of it, that
	 * leases nothing.
	 * @param limit the units per period
	 * @param burst the bucket capacity
	 * @return the specification
	 */
	public LimitSpec withUnits(long limit, long burst) {
		return new LimitSpec(this.name, limit, this.period, burst, this.algorithm, 0, Duration.ZERO, this.calendar);
	}

}
