package dev.ratelimit.core;

import java.math.BigInteger;
import java.time.Duration;

/**
 * How many of the units a request was charged can still be given back once its response
 * is complete. A bucket refills with time, and a charge's units are the last to refill:
 * the time until the bucket was full again after the charge, less the time since, is what
 * of the charge is still missing from it; once refilled, a unit is no longer the
 * request's to give back (the client may have spent it since). So a refund is capped, for
 * every token bucket and GCRA limit, at the units that time still holds, counting a unit
 * partly refilled as missing (so a refund gives back less than one unit's refill more
 * than exact, and a charge settled at once is given back whole); windows refund only in
 * the window charged (see {@link ChargedWindows}) and need no cap here.
 */
public final class RefundableUnits {

	private RefundableUnits() {
	}

	/**
	 * Return the units that may be given back.
	 * @param charged the decision that charged the request
	 * @param since the time from the charge to now
	 * @param units the units the response would give back
	 * @return at most {@code units}, fewer when a bucket has refilled part of the charge
	 */
	public static long of(Decision charged, Duration since, long units) {
		long refundable = units;
		for (LimitOutcome outcome : charged.outcomes()) {
			Algorithm algorithm = outcome.spec().algorithm();
			if (algorithm == Algorithm.TOKEN_BUCKET || algorithm == Algorithm.GCRA) {
				refundable = Math.min(refundable, stillMissing(outcome, since));
			}
		}
		return Math.max(0, refundable);
	}

	/**
	 * Return the units, a part counting as one, a bucket has not refilled of what it
	 * missed after the charge: ceil((reset - since) * limit / period).
	 */
	private static long stillMissing(LimitOutcome outcome, Duration since) {
		Duration left = outcome.resetAfter().minus(since);
		if (left.isNegative() || left.isZero()) {
			return 0;
		}
		LimitSpec spec = outcome.spec();
		BigInteger period = BigInteger.valueOf(spec.periodMicros());
		BigInteger units = BigInteger.valueOf(Micros.of(left))
			.multiply(BigInteger.valueOf(spec.limit()))
			.add(period.subtract(BigInteger.ONE))
			.divide(period);
		return units.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
	}

}
