package dev.ratelimit.core;

import java.time.Duration;

/**
 * The one rounding of a wait to the whole seconds of the HTTP fields:
 * {@code Retry-After}, {@code RateLimit-Reset}, the {@code t} and {@code w} of the
 * draft's {@code RateLimit} fields, the problem body and the {@code ratelimits} endpoint.
 * Delta-seconds are rounded up, so that a client told to come back after them never comes
 * back before the limit has room.
 */
public final class DeltaSeconds {

	private DeltaSeconds() {
	}

	/**
	 * Return a wait in whole seconds, rounded up: 0 for none, 1 for 1 ns to 1 s, 2 just
	 * beyond a second.
	 * @param wait the wait, not negative
	 * @return the seconds
	 */
	public static long of(Duration wait) {
		long seconds = wait.getSeconds();
		return (wait.getNano() > 0) ? seconds + 1 : seconds;
	}

	/**
	 * Return a wait given in microseconds in whole seconds, rounded up as
	 * {@link #of(Duration)} rounds.
	 * @param micros the wait in microseconds, not negative
	 * @return the seconds
	 */
	public static long ofMicros(long micros) {
		return Micros.ceilDiv(micros, 1_000_000L);
	}

}
