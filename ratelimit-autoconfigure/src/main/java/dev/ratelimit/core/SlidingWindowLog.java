package dev.ratelimit.core;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The sliding window log of {@code lua/limits.lua}, in Java: the time of every admitted
 * unit, so that no {@code period}-long window, wherever it starts, holds more than
 * {@code limit} units. An entry at {@code t} counts while {@code now - period < t}. An
 * admission is logged at the newest entry's time if the clock stepped back, so the log
 * stays in order.
 */
final class SlidingWindowLog {

	private SlidingWindowLog() {
	}

	/**
	 * Read a log.
	 * @param state the stored state, or {@code null} (or another algorithm's) for an
	 * empty log
	 * @param spec the limit
	 * @param now the current time in microseconds
	 * @param cost the request's cost
	 * @return the probe
	 */
	static LimitProbe probe(@Nullable LimitState state, LimitSpec spec, long now, long cost) {
		Log log = (state instanceof Log stored) ? stored : new Log();
		long since = now - spec.periodMicros();
		long count = log.countAfter(since);
		long newest = (count > 0) ? log.entries.lastKey() : now;
		long excess = count + cost - spec.limit();
		long retry = 0;
		if (excess > 0) {
			// a cost above the limit never fits; callers reject it before asking
			retry = (cost <= spec.limit()) ? log.nthAfter(since, excess - 1) + spec.periodMicros() - now
					: spec.periodMicros();
		}
		return new Probe(spec, now, log, count, cost, newest, retry);
	}

	/**
	 * The admitted units by time, kept until they leave the window.
	 */
	static final class Log implements LimitState {

		private final NavigableMap<Long, Long> entries = new TreeMap<>();

		private long total;

		long countAfter(long since) {
			long stale = 0;
			for (long units : this.entries.headMap(since, true).values()) {
				stale += units;
			}
			return this.total - stale;
		}

		long nthAfter(long since, long index) {
			long seen = 0;
			for (Map.Entry<Long, Long> entry : this.entries.tailMap(since, false).entrySet()) {
				seen += entry.getValue();
				if (seen > index) {
					return entry.getKey();
				}
			}
			throw new IllegalStateException("Log holds only " + seen + " entries after " + since);
		}

		void add(long at, long since, long units) {
			NavigableMap<Long, Long> stale = this.entries.headMap(since, true);
			for (long count : stale.values()) {
				this.total -= count;
			}
			stale.clear();
			this.entries.merge(at, units, Long::sum);
			this.total += units;
		}

	}

	/**
	 * The log before the request: how many units are in the window, the newest entry and
	 * the wait until enough entries leave for the cost to fit.
	 */
	private record Probe(LimitSpec spec, long now, Log log, long count, long cost, long newest,
			long retry) implements LimitProbe {

		@Override
		public boolean fits() {
			return this.retry == 0;
		}

		@Override
		public LimitState charge() {
			if (added() > 0) {
				this.log.add(Math.max(this.newest, this.now), this.now - this.spec.periodMicros(), added());
			}
			return this.log;
		}

		/**
		 * Return the units a charge logs, a debt logging at most twice the limit in the
		 * window.
		 */
		private long added() {
			return Math.min(this.cost, 2 * this.spec.limit() - this.count);
		}

		@Override
		public LimitOutcome outcome(boolean charged) {
			boolean logged = charged && added() > 0;
			long standing = logged ? this.count + added() : this.count;
			long newest = logged ? Math.max(this.newest, this.now) : this.newest;
			long reset = (standing > 0) ? newest + this.spec.periodMicros() - this.now : 0;
			return new LimitOutcome(this.spec, Math.max(this.spec.limit() - standing, 0), Micros.toDuration(reset),
					Micros.toDuration(this.retry));
		}

	}

}
