package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.FractionalMicros;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Micros;

/**
 * The argument and reply layout of {@code lua/limits.lua}, encoded and decoded here only;
 * the script's header describes the same layout in the same words: <pre>
 * KEYS[i]  the state key of limit i; on Redis Cluster all keys of one call share one
 *          slot (one client's keys share its hash tag; several clients' only if their
 *          tags fall in one slot), elsewhere they may be any clients' keys.
 * ARGV[1]  mode: 'decide' charges the cost if every limit admits it; 'peek' decides and
 *          reports but writes nothing; 'lease' charges, if the cost fits every limit,
 *          min(size, units left on each limit), which is at least the cost; 'settle'
 *          charges the cost to every limit whether it fits or not (units admitted while
 *          the script could not be asked), so a limit may go into debt, at most one
 *          burst below empty, which later requests wait out; it replies allowed.
 *          'refund' gives the cost back to every limit (see refund below) and replies
 *          as 'peek' does.
 * ARGV[2]  cost: units this request takes from every limit, at most each one's burst.
 * ARGV[3]  size: the units a lease takes if available (the cost in the other modes).
 * ARGV[4..]  one record per limit, in the order of KEYS: the algorithm's name, then
 *          its parameters, all integers:
 *          token-bucket            whole, part, denominator, capacity whole, capacity
 *                                  part: one unit every whole + part/denominator
 *                                  microseconds, up to the burst saved, which takes
 *                                  capacity whole + capacity part/denominator to refill
 *          gcra                    interval, tolerance: one unit every interval
 *                                  microseconds, up to tolerance/interval at once; also
 *                                  a token bucket whose interval is whole microseconds,
 *                                  the same arithmetic then
 *          fixed-window, sliding-window-counter, sliding-window-log
 *                                  limit, period: limit units per period microseconds
 *          calendar-window         limit, then four ascending boundaries in microseconds
 *                                  since the epoch, consecutive windows' starts and
 *                                  the last one's end (calendar periods, computed by
 *                                  the caller around its own time): limit units in
 *                                  the window holding now; a time outside all three
 *                                  windows is an error
 * ARGV[..] in refund mode, after the records, one per limit: the window charged.
 *
 * Reply: {allowed, remaining 1, reset 1, retry 1, ..., remaining n, reset n, retry n},
 * and in lease mode one more element, the units granted (0 when denied). allowed is 1
 * or 0; remaining is whole units left (after this request if it was charged); reset is
 * the time in microseconds until the limit is fully replenished; retry is the time in
 * microseconds until this cost would fit this limit (0 when it fits now). Every value
 * is an integer, so Redis's integer reply conversion truncates nothing.
 * </pre>
 */
final class LimitsScriptLayout {

	private static final int FIXED_ARGUMENTS = 3;

	private static final int REPLY_PER_LIMIT = 3;

	private static final byte[] CALENDAR_WINDOW = "calendar-window".getBytes(StandardCharsets.US_ASCII);

	private LimitsScriptLayout() {
	}

	/**
	 * Encode the arguments of one call.
	 * @param mode the mode
	 * @param cost the units the request takes
	 * @param size the units a lease takes if available, the cost in the other modes
	 * @param limits the limits, in the order of their keys
	 * @param now this node's time in microseconds, around which a calendar period's
	 * windows are given
	 * @return the arguments
	 */
	static byte[][] arguments(Mode mode, long cost, long size, List<LimitSpec> limits, long now) {
		List<byte[]> args = new ArrayList<>(FIXED_ARGUMENTS + 6 * limits.size());
		args.add(mode.word);
		args.add(bytes(cost));
		args.add(bytes(size));
		for (LimitSpec limit : limits) {
			CalendarPeriod calendar = limit.calendar();
			if (calendar != null) {
				args.add(CALENDAR_WINDOW);
				args.add(bytes(limit.limit()));
				for (long boundary : calendar.boundaries(now)) {
					args.add(bytes(boundary));
				}
				continue;
			}
			FractionalMicros rate = limit.emissionInterval();
			Algorithm algorithm = limit.algorithm();
			if (algorithm == Algorithm.TOKEN_BUCKET && rate.part() == 0) {
				// a whole number of microseconds per unit: the same arithmetic as gcra's
				algorithm = Algorithm.GCRA;
			}
			args.add(algorithm.id().getBytes(StandardCharsets.US_ASCII));
			switch (algorithm) {
				case TOKEN_BUCKET -> {
					FractionalMicros capacity = limit.bucketCapacity();
					args.add(bytes(rate.whole()));
					args.add(bytes(rate.part()));
					args.add(bytes(rate.denominator()));
					args.add(bytes(capacity.whole()));
					args.add(bytes(capacity.part()));
				}
				case GCRA -> {
					args.add(bytes(rate.ceil()));
					args.add(bytes(limit.gcraTolerance()));
				}
				case FIXED_WINDOW, SLIDING_WINDOW_COUNTER, SLIDING_WINDOW_LOG -> {
					args.add(bytes(limit.limit()));
					args.add(bytes(limit.periodMicros()));
				}
			}
		}
		return args.toArray(byte[][]::new);
	}

	/**
	 * Encode the arguments of a refund: the records, then the id the script keeps for the
	 * window each limit charged: a fixed window's or sliding counter's index, a calendar
	 * window's start, 0 for the others.
	 * @param units the units given back
	 * @param limits the limits, in the order of their keys
	 * @param now this node's time in microseconds
	 * @param chargedEnds the end of the window each limit charged, as
	 * {@link dev.ratelimit.core.ChargedWindows} finds it
	 * @return the arguments
	 */
	static byte[][] refundArguments(long units, List<LimitSpec> limits, long now, long[] chargedEnds) {
		byte[][] records = arguments(Mode.REFUND, units, units, limits, now);
		byte[][] args = new byte[records.length + limits.size()][];
		System.arraycopy(records, 0, args, 0, records.length);
		for (int i = 0; i < limits.size(); i++) {
			LimitSpec limit = limits.get(i);
			CalendarPeriod calendar = limit.calendar();
			long end = chargedEnds[i];
			long id = switch (limit.algorithm()) {
				case FIXED_WINDOW ->
					(calendar != null) ? calendar.startMicros(end - 1) : end / limit.periodMicros() - 1;
				case SLIDING_WINDOW_COUNTER -> end / limit.periodMicros() - 1;
				case TOKEN_BUCKET, GCRA, SLIDING_WINDOW_LOG -> 0;
			};
			args[records.length + i] = bytes(id);
		}
		return args;
	}

	/**
	 * Decode the decision of a reply.
	 * @param limits the limits, in the order they were sent
	 * @param reply the reply
	 * @param now this node's time when it sent the call, in microseconds
	 * @return the decision
	 */
	static Decision decision(List<LimitSpec> limits, List<Object> reply, long now) {
		List<LimitOutcome> outcomes = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			outcomes.add(outcome(limits.get(i), reply, 1 + REPLY_PER_LIMIT * i, now));
		}
		return Decision.of(number(reply, 0) == 1, outcomes);
	}

	/**
	 * Decode one limit's outcome. The window of a calendar period is the one that ends
	 * {@code reset} after the script's time; this node's time stands in for it, which
	 * finds the window while the clocks agree within half the shortest window.
	 */
	private static LimitOutcome outcome(LimitSpec limit, List<Object> reply, int base, long now) {
		long reset = number(reply, base + 1);
		CalendarPeriod calendar = limit.calendar();
		long window = (calendar != null) ? Micros.ceilDiv(calendar.lengthOfWindowEndingNear(now + reset), 1_000_000L)
				: limit.windowSeconds();
		return new LimitOutcome(limit, number(reply, base), Micros.toDuration(reset), micros(reply, base + 2), window);
	}

	/**
	 * Split the reply of several clients' parts decided in one call: each part's
	 * outcomes, admitted when every one of its limits fits.
	 */
	static List<Decision> decisions(List<DecisionRequest> parts, List<Object> reply, long now) {
		List<Decision> decisions = new ArrayList<>(parts.size());
		int base = 1;
		for (DecisionRequest part : parts) {
			List<LimitOutcome> outcomes = new ArrayList<>(part.limits().size());
			boolean fits = true;
			for (LimitSpec limit : part.limits()) {
				LimitOutcome outcome = outcome(limit, reply, base, now);
				outcomes.add(outcome);
				fits &= outcome.fits();
				base += REPLY_PER_LIMIT;
			}
			decisions.add(Decision.of(fits, outcomes));
		}
		return decisions;
	}

	/**
	 * Decode the units a lease-mode reply granted.
	 * @param limits the limits, in the order they were sent
	 * @param reply the reply
	 * @return the units granted, 0 when denied
	 */
	static long granted(List<LimitSpec> limits, List<Object> reply) {
		return number(reply, 1 + REPLY_PER_LIMIT * limits.size());
	}

	private static Duration micros(List<Object> reply, int index) {
		return Micros.toDuration(number(reply, index));
	}

	private static long number(List<Object> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}

	private static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * What a call does.
	 */
	enum Mode {

		/** Charge the cost if every limit admits it. */
		DECIDE("decide"),

		/** Decide and report, writing nothing. */
		PEEK("peek"),

		/** Charge as many units as every limit can give, up to the size. */
		LEASE("lease"),

		/** Charge the cost to every limit whether it fits or not. */
		SETTLE("settle"),

		/** Give the cost back to every limit, in the windows charged. */
		REFUND("refund");

		private final byte[] word;

		Mode(String word) {
			this.word = word.getBytes(StandardCharsets.US_ASCII);
		}

	}

}
