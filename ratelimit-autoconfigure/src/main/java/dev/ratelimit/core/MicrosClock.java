package dev.ratelimit.core;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The time seam of the in-process limiter: the current time in microseconds.
 */
@FunctionalInterface
public interface MicrosClock {

	/**
	 * Return the current time in microseconds since the epoch.
	 * @return the time
	 */
	long nowMicros();

	/**
	 * Return a clock reading the given {@link Clock}.
	 * @param clock the clock
	 * @return the microsecond clock
	 */
	static MicrosClock of(Clock clock) {
		return () -> {
			return ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
		};
	}

	/**
	 * Return a clock for measuring elapsed time on this node only, from
	 * {@link System#nanoTime()}: microseconds since an arbitrary origin, unmoved by
	 * adjustments of the wall clock.
	 * @return the microsecond clock
	 */
	static MicrosClock monotonic() {
		return () -> System.nanoTime() / 1000;
	}

	/**
	 * Return a clock reading the system clock.
	 * @return the microsecond clock
	 */
	static MicrosClock system() {
		return of(Clock.systemUTC());
	}

}
