package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The token bucket arithmetic of {@code lua/limits.lua}, in Java: one unit every
 * {@link LimitSpec#emissionInterval() period / limit} microseconds held exactly as a
 * fraction in lowest terms, up to {@code burst} units saved; the state is the time the
 * bucket is full again ({@code tat}) plus a remainder in units of {@code 1/denominator}
 * microsecond, so fractional rates refill exactly.
 */
final class TokenBucket {

	private TokenBucket() {
	}

	/**
	 * Read a bucket. A bucket in debt (charged beyond empty by a settlement) is full
	 * again at most two capacities from now and has no units left until then less one
	 * capacity.
	 * @param state the stored state, or {@code null} (or another algorithm's) for a full
	 * bucket
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param cost the request's cost
	 * @return the probe
	 */
	static LimitProbe probe(@Nullable LimitState state, LimitSpec spec, long now, long cost) {
		FractionalMicros interval = spec.emissionInterval();
		FractionalMicros capacity = spec.bucketCapacity();
		long denominator = interval.denominator();
		FractionalMicros debt = new FractionalMicros(0, 0, denominator);
		if (state instanceof State bucket && bucket.tat() >= now) {
			debt = new FractionalMicros(bucket.tat() - now, Math.min(bucket.rem(), denominator - 1), denominator);
			if (debt.compareTo(capacity.times(2)) > 0) {
				debt = capacity.times(2);
			}
		}
		return new Probe(now, spec, interval, capacity, debt, debt.plus(interval.times(cost)));
	}

	/**
	 * Give units back to a bucket, as {@code lua/limits.lua} refunds: its debt, read as a
	 * probe reads it, less the units' intervals; never beyond full.
	 * @param state the stored state, or {@code null} (or another algorithm's)
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param units the units given back, at most the burst
	 * @return the state to keep, or {@code null} for a full bucket
	 */
	static @Nullable LimitState refunded(@Nullable LimitState state, LimitSpec spec, long now, long units) {
		if (!(state instanceof State bucket) || bucket.tat() < now) {
			return state;
		}
		FractionalMicros interval = spec.emissionInterval();
		FractionalMicros most = spec.bucketCapacity().times(2);
		FractionalMicros debt = new FractionalMicros(bucket.tat() - now,
				Math.min(bucket.rem(), interval.denominator() - 1), interval.denominator());
		if (debt.compareTo(most) > 0) {
			debt = most;
		}
		FractionalMicros refund = interval.times(units);
		if (refund.compareTo(debt) >= 0) {
			return null;
		}
		FractionalMicros left = debt.minus(refund);
		return new State(now + left.whole(), left.part());
	}

	/**
	 * A bucket's schedule.
	 *
	 * @param tat the time the bucket is full again, in whole microseconds
	 * @param rem the remainder beyond {@code tat}, in {@code 1/denominator} microseconds
	 */
	record State(long tat, long rem) implements LimitState {

	}

	/**
	 * A bucket before the request.
	 *
	 * @param debt how long the bucket takes to be full again
	 * @param after the debt once the cost is taken
	 */
	private record Probe(long now, LimitSpec spec, FractionalMicros interval, FractionalMicros capacity,
			FractionalMicros debt, FractionalMicros after) implements LimitProbe {

		@Override
		public boolean fits() {
			return this.after.compareTo(this.capacity) <= 0;
		}

		@Override
		public LimitState charge() {
			FractionalMicros charged = charged();
			return new State(this.now + charged.whole(), charged.part());
		}

		/**
		 * Return the debt once charged, at most two capacities.
		 */
		private FractionalMicros charged() {
			FractionalMicros most = this.capacity.times(2);
			return (this.after.compareTo(most) > 0) ? most : this.after;
		}

		@Override
		public LimitOutcome outcome(boolean charged) {
			// a charged limit's wait counts from what was stored: a settlement's debt is
			// capped at two capacities
			FractionalMicros arrival = charged ? charged() : this.after;
			long retry = (arrival.compareTo(this.capacity) <= 0) ? 0 : arrival.minus(this.capacity).ceil();
			FractionalMicros standing = charged ? charged() : this.debt;
			long remaining = (standing.compareTo(this.capacity) > 0) ? 0
					: this.capacity.minus(standing).floorDiv(this.interval);
			return new LimitOutcome(this.spec, remaining, Micros.toDuration(standing.ceil()), Micros.toDuration(retry));
		}

	}

}
