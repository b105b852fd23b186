package dev.ratelimit.core;

/**
 * The token bucket arithmetic of {@code lua/token_bucket.lua}, in Java: integer
 * microseconds, state as a theoretical arrival time ({@code tat}) plus a remainder in
 * units of {@code 1/limit} microsecond.
 */
final class TokenBucket {

	private TokenBucket() {
	}

	/**
	 * Return how far (in {@code 1/limit} microseconds) a bucket is from full.
	 * @param state the stored {tat, rem}, or {@code null}
	 * @param now the current time in microseconds
	 * @param spec the limit
	 * @return the debt
	 */
	static long debt(long[] state, long now, LimitSpec spec) {
		if (state == null || state[0] < now) {
			return 0;
		}
		long capacity = spec.burst() * spec.periodMicros();
		long rem = Math.min(state[1], spec.limit() - 1);
		return Math.min((state[0] - now) * spec.limit() + rem, capacity);
	}

	static boolean fits(LimitSpec spec, long debt, long cost) {
		return debt + cost * spec.periodMicros() <= spec.burst() * spec.periodMicros();
	}

	/**
	 * Return how a limit stands.
	 * @param spec the limit
	 * @param debt the debt before this request
	 * @param cost the request's cost
	 * @param charged whether the request was admitted and charged
	 * @return the outcome
	 */
	static LimitOutcome outcome(LimitSpec spec, long debt, long cost, boolean charged) {
		long period = spec.periodMicros();
		long capacity = spec.burst() * period;
		long after = debt + cost * period;
		long retry = (after > capacity) ? Micros.ceilDiv(after - capacity, spec.limit()) : 0;
		long standing = charged ? after : debt;
		return new LimitOutcome(spec, Math.floorDiv(capacity - standing, period),
				Micros.toDuration(Micros.ceilDiv(standing, spec.limit())), Micros.toDuration(retry));
	}

	static long[] charge(long debt, long cost, long now, LimitSpec spec) {
		long after = debt + cost * spec.periodMicros();
		return new long[] { now + Math.floorDiv(after, spec.limit()), Math.floorMod(after, spec.limit()) };
	}

}
