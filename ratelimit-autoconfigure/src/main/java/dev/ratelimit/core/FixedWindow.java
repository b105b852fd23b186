package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * The fixed window of {@code lua/limits.lua}, in Java: windows of one period aligned to
 * the UTC epoch (the window of {@code now} starts at
 * {@code floor(now / period) * period}), or a limit's {@link CalendarPeriod calendar
 * periods} (the script's calendar window), each admitting {@code limit} units; the state
 * is the window and its count.
 */
final class FixedWindow {

	private FixedWindow() {
	}

	/**
	 * Read a window.
	 * @param state the stored state, or {@code null} (or another algorithm's) for an
	 * unused window
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param cost the request's cost
	 * @return the probe
	 */
	static LimitProbe probe(@Nullable LimitState state, LimitSpec spec, long now, long cost) {
		CalendarPeriod calendar = spec.calendar();
		long end;
		long length;
		if (calendar != null) {
			end = calendar.endMicros(now);
			length = end - calendar.startMicros(now);
		}
		else {
			length = spec.periodMicros();
			end = (Math.floorDiv(now, length) + 1) * length;
		}
		long count = (state instanceof State window && window.end() == end) ? window.count() : 0;
		return new Probe(spec, now, end, Math.max(1, Micros.ceilDiv(length, 1_000_000L)), count, cost);
	}

	/**
	 * Give units back to the window they were charged in, as {@code lua/limits.lua}
	 * refunds: its count goes down, never below zero; another window is left as it is.
	 * @param state the stored state, or {@code null} (or another algorithm's)
	 * @param units the units given back
	 * @param chargedEnd the end of the window charged, in microseconds
	 * @return the state to keep
	 */
	static @Nullable LimitState refunded(@Nullable LimitState state, long units, long chargedEnd) {
		if (state instanceof State window && window.end() == chargedEnd) {
			return new State(window.end(), Math.max(window.count() - units, 0));
		}
		return state;
	}

	/**
	 * A window's count.
	 *
	 * @param end the end of the window, in microseconds
	 * @param count the units admitted in it
	 */
	record State(long end, long count) implements LimitState {

	}

	/**
	 * The current window before the request.
	 */
	private record Probe(LimitSpec spec, long now, long end, long windowSeconds, long count,
			long cost) implements LimitProbe {

		@Override
		public boolean fits() {
			return this.count + this.cost <= this.spec.limit();
		}

		@Override
		public LimitState charge() {
			return new State(this.end, charged());
		}

		/**
		 * Return the count once charged, a debt counting at most twice the limit.
		 */
		private long charged() {
			return Math.min(this.count + this.cost, 2 * this.spec.limit());
		}

		@Override
		public LimitOutcome outcome(boolean charged) {
			long standing = charged ? charged() : this.count;
			long untilEnd = this.end - this.now;
			return new LimitOutcome(this.spec, Math.max(this.spec.limit() - standing, 0), Micros.toDuration(untilEnd),
					Micros.toDuration(fits() ? 0 : untilEnd), this.windowSeconds);
		}

	}

}
