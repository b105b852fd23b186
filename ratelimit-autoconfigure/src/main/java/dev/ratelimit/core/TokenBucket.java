package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The token bucket arithmetic of {@code lua/limits.lua}, in Java: integer microseconds,
 * state as a theoretical arrival time ({@code tat}) plus a remainder in units of
 * {@code 1/limit} microsecond, so fractional rates refill exactly.
 */
final class TokenBucket {

	private TokenBucket() {
	}

	/**
	 * Read a bucket.
	 * @param state the stored state, or {@code null} (or another algorithm's) for a full
	 * bucket
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param cost the request's cost
	 * @return the probe
	 */
	static LimitProbe probe(@Nullable LimitState state, LimitSpec spec, long now, long cost) {
		long debt = 0;
		if (state instanceof State bucket && bucket.tat() >= now) {
			long capacity = spec.burst() * spec.periodMicros();
			long rem = Math.min(bucket.rem(), spec.limit() - 1);
			debt = Math.min((bucket.tat() - now) * spec.limit() + rem, capacity);
		}
		return new Probe(spec, now, debt, debt + cost * spec.periodMicros());
	}

	/**
	 * A bucket's schedule.
	 *
	 * @param tat the time the bucket is full again, in whole microseconds
	 * @param rem the remainder beyond {@code tat}, in {@code 1/limit} microseconds
	 */
	record State(long tat, long rem) implements LimitState {

		@Override
		public boolean isIdle(long now) {
			return this.tat < now;
		}

	}

	/**
	 * A bucket before the request.
	 *
	 * @param debt how far the bucket is from full, in {@code 1/limit} microseconds
	 * @param after the debt once the cost is taken
	 */
	private record Probe(LimitSpec spec, long now, long debt, long after) implements LimitProbe {

		@Override
		public boolean fits() {
			return this.after <= capacity();
		}

		@Override
		public LimitState charge() {
			return new State(this.now + Math.floorDiv(this.after, this.spec.limit()),
					Math.floorMod(this.after, this.spec.limit()));
		}

		@Override
		public LimitOutcome outcome(boolean charged) {
			long period = this.spec.periodMicros();
			long retry = fits() ? 0 : Micros.ceilDiv(this.after - capacity(), this.spec.limit());
			long standing = charged ? this.after : this.debt;
			return new LimitOutcome(this.spec, Math.floorDiv(capacity() - standing, period),
					Micros.toDuration(Micros.ceilDiv(standing, this.spec.limit())), Micros.toDuration(retry));
		}

		private long capacity() {
			return this.spec.burst() * this.spec.periodMicros();
		}

	}

}
