package dev.ratelimit.core;

import java.math.BigInteger;

/**
 * A non-negative span of {@code whole + part / denominator} microseconds, so that an
 * interval such as a minute over 7 is held exactly in integers that stay small enough for
 * Lua's doubles (below 2^53) however large the limit or long the period.
 *
 * @param whole the whole microseconds
 * @param part the fraction's numerator, from 0 to {@code denominator - 1}
 * @param denominator the fraction's denominator, at least 1
 */
public record FractionalMicros(long whole, long part, long denominator) implements Comparable<FractionalMicros> {

	/**
	 * Validate the span.
	 * @throws IllegalArgumentException if a part is out of range
	 */
	public FractionalMicros {
		if (denominator < 1 || part < 0 || part >= denominator || whole < 0) {
			throw new IllegalArgumentException(
					"Not a fractional span: " + whole + " + " + part + "/" + denominator + " microseconds");
		}
	}

	/**
	 * Return {@code micros / divisor} microseconds in lowest terms.
	 * @param micros the dividend, at least 0
	 * @param divisor the divisor, at least 1
	 * @return the span
	 */
	public static FractionalMicros quotient(long micros, long divisor) {
		long gcd = divisor;
		for (long rest = micros; rest != 0;) {
			long next = gcd % rest;
			gcd = rest;
			rest = next;
		}
		long numerator = micros / gcd;
		long denominator = divisor / gcd;
		return new FractionalMicros(numerator / denominator, numerator % denominator, denominator);
	}

	/**
	 * Return this span {@code times} times.
	 * @param times the factor, at least 0, such that {@code part * times} fits a long
	 * @return the product
	 */
	public FractionalMicros times(long times) {
		long parts = Math.multiplyExact(this.part, times);
		return new FractionalMicros(Math.addExact(Math.multiplyExact(this.whole, times), parts / this.denominator),
				parts % this.denominator, this.denominator);
	}

	/**
	 * Return the sum of this span and another of the same denominator.
	 * @param other the other span
	 * @return the sum
	 */
	public FractionalMicros plus(FractionalMicros other) {
		long parts = this.part + other.part;
		return (parts >= this.denominator)
				? new FractionalMicros(this.whole + other.whole + 1, parts - this.denominator, this.denominator)
				: new FractionalMicros(this.whole + other.whole, parts, this.denominator);
	}

	/**
	 * Return this span less a shorter or equal one of the same denominator.
	 * @param other the other span
	 * @return the difference
	 */
	public FractionalMicros minus(FractionalMicros other) {
		long parts = this.part - other.part;
		return (parts < 0)
				? new FractionalMicros(this.whole - other.whole - 1, parts + this.denominator, this.denominator)
				: new FractionalMicros(this.whole - other.whole, parts, this.denominator);
	}

	/**
	 * Return the span rounded up to whole microseconds.
	 * @return the microseconds
	 */
	public long ceil() {
		return (this.part > 0) ? this.whole + 1 : this.whole;
	}

	/**
	 * Return how many whole times a positive span of the same denominator fits into this
	 * one.
	 * @param divisor the divisor
	 * @return the floor of the quotient
	 */
	public long floorDiv(FractionalMicros divisor) {
		long divisorParts = divisor.whole * this.denominator + divisor.part;
		long wholeParts = this.whole * this.denominator;
		if (Math.multiplyHigh(this.whole, this.denominator) == 0 && wholeParts >= 0
				&& wholeParts <= Long.MAX_VALUE - this.part) {
			return (wholeParts + this.part) / divisorParts;
		}
		return BigInteger.valueOf(this.whole)
			.multiply(BigInteger.valueOf(this.denominator))
			.add(BigInteger.valueOf(this.part))
			.divide(BigInteger.valueOf(divisorParts))
			.longValueExact();
	}

	/**
	 * Compare this span with another of the same denominator.
	 * @param other the other span
	 * @return the comparison
	 */
	@Override
	public int compareTo(FractionalMicros other) {
		int wholes = Long.compare(this.whole, other.whole);
		return (wholes != 0) ? wholes : Long.compare(this.part, other.part);
	}

}
