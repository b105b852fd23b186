package dev.ratelimit.core;

import java.math.BigInteger;
import java.time.Duration;

/**
 * Integer arithmetic on microseconds, the one home of the conversions and roundings that
 * the implementations, the script's layout and the fallback share.
 */
public final class Micros {

	private Micros() {
	}

	/**
	 * Return {@code ceil(dividend / divisor)} for a positive divisor.
	 * @param dividend the dividend
	 * @param divisor the divisor, positive
	 * @return the quotient rounded up
	 */
	public static long ceilDiv(long dividend, long divisor) {
		long quotient = Math.floorDiv(dividend, divisor);
		return (Math.floorMod(dividend, divisor) == 0) ? quotient : quotient + 1;
	}

	/**
	 * Return {@code floor(a * b / divisor)} exactly, for non-negative factors whose
	 * product may exceed a long.
	 */
	static long floorMulDiv(long a, long b, long divisor) {
		long product = a * b;
		if (Math.multiplyHigh(a, b) == 0 && product >= 0) {
			return product / divisor;
		}
		return BigInteger.valueOf(a)
			.multiply(BigInteger.valueOf(b))
			.divide(BigInteger.valueOf(divisor))
			.longValueExact();
	}

	/**
	 * Return {@code ceil(a * b / divisor)} exactly, for non-negative factors whose
	 * product may exceed a long.
	 */
	static long ceilMulDiv(long a, long b, long divisor) {
		long product = a * b;
		if (Math.multiplyHigh(a, b) == 0 && product >= 0) {
			return ceilDiv(product, divisor);
		}
		BigInteger[] division = BigInteger.valueOf(a)
			.multiply(BigInteger.valueOf(b))
			.divideAndRemainder(BigInteger.valueOf(divisor));
		return division[0].longValueExact() + ((division[1].signum() > 0) ? 1 : 0);
	}

	/**
	 * Return a duration in whole microseconds.
	 * @param duration the duration
	 * @return the microseconds
	 */
	public static long of(Duration duration) {
		return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
	}

	/**
	 * Return microseconds as a duration.
	 * @param micros the microseconds
	 * @return the duration
	 */
	public static Duration toDuration(long micros) {
		// ofNanos rather than of(_, MICROS), which multiplies through the unit's Duration
		return Duration.ofNanos(Math.multiplyExact(micros, 1000L));
	}

}
