package dev.ratelimit.core;

import java.math.BigInteger;
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

	static long of(Duration duration) {
		return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1000);
	}

	static Duration toDuration(long micros) {
		return Duration.of(micros, ChronoUnit.MICROS);
	}

}
