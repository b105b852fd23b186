package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The sliding window counter of {@code lua/limits.lua}, in Java: fixed windows of one
 * period aligned to the UTC epoch, the rolling window ending now estimated as the current
 * window's count plus the previous window's count weighted by the share of it the rolling
 * window still covers, rounded up:
 * {@code cur + ceil(prev * (period - elapsed) / period)}. The state is the window and the
 * two counts, whatever the limit.
 */
final class SlidingWindowCounter {

	private SlidingWindowCounter() {
	}

	/**
	 * Read a counter.
	 * @param state the stored state, or {@code null} (or another algorithm's) for an
	 * unused counter
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param cost the request's cost
	 * @return the probe
	 */
	static LimitProbe probe(@Nullable LimitState state, LimitSpec spec, long now, long cost) {
		long period = spec.periodMicros();
		long window = Math.floorDiv(now, period);
		long previous = 0;
		long current = 0;
		if (state instanceof State counts) {
			if (counts.window() == window) {
				previous = counts.previous();
				current = counts.current();
			}
			else if (counts.window() == window - 1) {
				previous = counts.current();
			}
		}
		long elapsed = now - window * period;
		// the rolling window's units: the current count and the previous one weighted by
		// the overlap, rounded up; computed once, read by fits, outcome and retry
		long counted = current + Micros.ceilMulDiv(period - elapsed, previous, period);
		return new Probe(spec, window, elapsed, previous, current, counted, cost);
	}

	/**
	 * Give units back to the window they were charged in, as {@code lua/limits.lua}
	 * refunds: the stored current window's count when it is that window, the previous
	 * window's when the counter has moved on by one, never below zero.
	 * @param state the stored state, or {@code null} (or another algorithm's)
	 * @param spec the limit
	 * @param units the units given back
	 * @param chargedEnd the end of the window charged, in microseconds
	 * @return the state to keep
	 */
	static @Nullable LimitState refunded(@Nullable LimitState state, LimitSpec spec, long units, long chargedEnd) {
		if (!(state instanceof State counts)) {
			return state;
		}
		long charged = chargedEnd / spec.periodMicros() - 1;
		if (counts.window() == charged) {
			return new State(counts.window(), counts.previous(), Math.max(counts.current() - units, 0));
		}
		if (counts.window() == charged + 1) {
			return new State(counts.window(), Math.max(counts.previous() - units, 0), counts.current());
		}
		return state;
	}

	/**
	 * A counter's windows.
	 *
	 * @param window the current window's index since the epoch
	 * @param previous the units admitted in the window before it
	 * @param current the units admitted in it
	 */
	record State(long window, long previous, long current) implements LimitState {

	}

	/**
	 * The two windows before the request.
	 *
	 * @param elapsed the time since the current window began
	 * @param counted the units the rolling window holds before the request
	 */
	private record Probe(LimitSpec spec, long window, long elapsed, long previous, long current, long counted,
			long cost) implements LimitProbe {

		@Override
		public boolean fits() {
			return this.counted + this.cost <= this.spec.limit();
		}

		@Override
		public LimitState charge() {
			return new State(this.window, this.previous, charged());
		}

		/**
		 * Return the current window's count once charged, a debt counting at most twice
		 * the limit.
		 */
		private long charged() {
			return Math.min(this.current + this.cost, 2 * this.spec.limit());
		}

		@Override
		public LimitOutcome outcome(boolean charged) {
			long period = this.spec.periodMicros();
			long current = charged ? charged() : this.current;
			long counted = this.counted - this.current + current;
			long reset = (current > 0) ? 2 * period - this.elapsed : (this.previous > 0) ? period - this.elapsed : 0;
			return new LimitOutcome(this.spec, Math.max(this.spec.limit() - counted, 0), Micros.toDuration(reset),
					Micros.toDuration(retry()));
		}

		/**
		 * Return the wait until the cost fits if nothing else is admitted: until the
		 * previous window's weight has shrunk enough, or, if the current window alone is
		 * too full, until the next window's weight of this one has.
		 */
		private long retry() {
			long limit = this.spec.limit();
			long period = this.spec.periodMicros();
			if (fits()) {
				return 0;
			}
			if (this.cost > limit) {
				return period;
			}
			if (this.current + this.cost <= limit) {
				long room = limit - this.current - this.cost;
				return period - Micros.floorMulDiv(period, room, this.previous) - this.elapsed;
			}
			return 2 * period - this.elapsed - Micros.floorMulDiv(period, limit - this.cost, this.current);
		}

	}

}
