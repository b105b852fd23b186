package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The generic cell rate algorithm of {@code lua/limits.lua}, in Java. One unit is emitted
 * every {@code interval = ceil(period / limit)} microseconds and up to {@code burst}
 * units may be taken ahead of schedule; the only state is the theoretical arrival time
 * ({@code tat}) at which the limit is full again. Rounding the interval up keeps the
 * state one integer at the price of a rate below the configured one by less than one
 * microsecond per unit.
 */
final class Gcra {

	private Gcra() {
	}

	/**
	 * Read a limit. A limit in debt (charged beyond empty by a settlement) runs at most
	 * two tolerances ahead of now and has no units left until the debt is repaid.
	 * @param state the stored state, or {@code null} (or another algorithm's) for a full
	 * limit
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param cost the request's cost
	 * @return the probe
	 */
	static LimitProbe probe(@Nullable LimitState state, LimitSpec spec, long now, long cost) {
		long interval = spec.emissionInterval().ceil();
		long tolerance = spec.gcraTolerance();
		long tat = (state instanceof State stored) ? Math.min(Math.max(stored.tat(), now), now + 2 * tolerance) : now;
		return new Probe(spec, now, interval, tolerance, tat, tat + cost * interval);
	}

	/**
	 * Give units back to a limit, as {@code lua/limits.lua} refunds: its schedule moves
	 * back by the units' intervals, never before now.
	 * @param state the stored state, or {@code null} (or another algorithm's)
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param units the units given back, at most the burst
	 * @return the state to keep, or {@code null} for a full limit
	 */
	static @Nullable LimitState refunded(@Nullable LimitState state, LimitSpec spec, long now, long units) {
		if (!(state instanceof State stored) || stored.tat() <= now) {
			return state;
		}
		long interval = spec.emissionInterval().ceil();
		long debt = Math.min(stored.tat() - now, 2 * spec.gcraTolerance());
		return (units * interval >= debt) ? null : new State(now + debt - units * interval);
	}

	/**
	 * A limit's schedule.
	 *
	 * @param tat the time the limit is full again, in microseconds
	 */
	record State(long tat) implements LimitState {

	}

	/**
	 * A limit before the request: its arrival time now and after the cost.
	 */
	private record Probe(LimitSpec spec, long now, long interval, long tolerance, long tat,
			long after) implements LimitProbe {

		@Override
		public boolean fits() {
			return this.after - this.now <= this.tolerance;
		}

		@Override
		public LimitState charge() {
			return new State(charged());
		}

		/**
		 * Return the arrival time once charged, a debt running at most two tolerances
		 * ahead.
		 */
		private long charged() {
			return Math.min(this.after, this.now + 2 * this.tolerance);
		}

		@Override
		public LimitOutcome outcome(boolean charged) {
			long standing = (charged ? charged() : this.tat) - this.now;
			// a charged limit's wait counts from what was stored: a settlement's debt is
			// capped at two tolerances
			long retry = Math.max((charged ? charged() : this.after) - this.now - this.tolerance, 0);
			return new LimitOutcome(this.spec, Math.max(Math.floorDiv(this.tolerance - standing, this.interval), 0),
					Micros.toDuration(standing), Micros.toDuration(retry));
		}

	}

}
