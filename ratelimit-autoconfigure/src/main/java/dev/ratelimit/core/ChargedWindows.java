package dev.ratelimit.core;

import java.util.List;

/**
 * The windows a decision charged, one per limit, found from how long each had left when
 * it was decided: what a refund gives units back to. A window's end is a boundary of its
 * limit (a multiple of the period, or a calendar period's boundary), so the nearest one
 * to the decision's time plus its reset is exact while the clock that timed the decision
 * and the one that reads it agree within half a window.
 */
public final class ChargedWindows {

	private ChargedWindows() {
	}

	/**
	 * Return the end of the window each limit of a decision charged.
	 * @param charged the decision, of a charged request
	 * @param chargedAt when it was decided, in microseconds since the epoch
	 * @return one end per outcome in microseconds since the epoch, 0 for a limit without
	 * windows (the buckets and the sliding log)
	 */
	public static long[] ends(Decision charged, long chargedAt) {
		List<LimitOutcome> outcomes = charged.outcomes();
		long[] ends = new long[outcomes.size()];
		for (int i = 0; i < ends.length; i++) {
			ends[i] = end(outcomes.get(i), chargedAt);
		}
		return ends;
	}

	private static long end(LimitOutcome outcome, long chargedAt) {
		LimitSpec spec = outcome.spec();
		long reset = Micros.of(outcome.resetAfter());
		long period = spec.periodMicros();
		CalendarPeriod calendar = spec.calendar();
		return switch (spec.algorithm()) {
			case FIXED_WINDOW -> (calendar != null) ? nearestBoundary(calendar, chargedAt + reset)
					: nearestMultiple(chargedAt + reset, period);
			// a charged counter's current window holds units: its reset runs to the end
			// of the window after it
			case SLIDING_WINDOW_COUNTER -> nearestMultiple(chargedAt + reset - period, period);
			case TOKEN_BUCKET, GCRA, SLIDING_WINDOW_LOG -> 0;
		};
	}

	private static long nearestMultiple(long micros, long period) {
		return Math.floorDiv(micros + period / 2, period) * period;
	}

	private static long nearestBoundary(CalendarPeriod calendar, long micros) {
		long start = calendar.startMicros(micros);
		long end = calendar.endMicros(micros);
		return (micros - start < end - micros) ? start : end;
	}

}
