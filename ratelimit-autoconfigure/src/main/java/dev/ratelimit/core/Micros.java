package dev.ratelimit.core;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Integer arithmetic on microseconds shared by the implementations.
 */
final class Micros {

	private Micros() {
	}

	static long ceilDiv(long dividend, long divisor) {
		long quotient = Math.floorDiv(dividend, divisor);
		return (Math.floorMod(dividend, divisor) == 0) ? quotient : quotient + 1;
	}

	static long of(Duration duration) {
		return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
	}

	static Duration toDuration(long micros) {
		return Duration.of(micros, ChronoUnit.MICROS);
	}

}
