package dev.ratelimit.core;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A calendar period in a time zone, such as the calendar month in {@code Europe/Paris}:
 * windows from one local midnight to the next day's, the next Monday's, the next 1st or
 * the next 1 January, as long as the zone's clocks make them (a day of a change to
 * daylight-saving time lasts 23 hours, the day back 25).
 *
 * @param unit the calendar unit
 * @param zone the zone whose midnights bound the windows
 */
public record CalendarPeriod(Unit unit, ZoneId zone) {

	public CalendarPeriod {
		if (unit == null || zone == null) {
			throw new IllegalArgumentException("A calendar period needs a unit and a zone");
		}
	}

	/**
	 * Return the start of the window holding an instant.
	 * @param micros the instant in microseconds since the epoch
	 * @return the window's start in microseconds since the epoch
	 */
	public long startMicros(long micros) {
		return micros(this.unit.first(date(micros)));
	}

	/**
	 * Return the end of the window holding an instant, the start of the next.
	 * @param micros the instant in microseconds since the epoch
	 * @return the window's end in microseconds since the epoch
	 */
	public long endMicros(long micros) {
		return micros(this.unit.next(this.unit.first(date(micros))));
	}

	/**
	 * Return four consecutive boundaries around an instant: the start of the window
	 * before the one holding it, that window's start and end, and the end of the window
	 * after it. A clock that reads within a window of the instant finds its window among
	 * them.
	 * @param micros the instant in microseconds since the epoch
	 * @return the boundaries in microseconds since the epoch, ascending
	 */
	public long[] boundaries(long micros) {
		LocalDate first = this.unit.first(date(micros));
		LocalDate next = this.unit.next(first);
		return new long[] { micros(this.unit.previous(first)), micros(first), micros(next),
				micros(this.unit.next(next)) };
	}

	/**
	 * Return the length of the window whose end is nearest an instant, such as a window
	 * end estimated on another clock.
	 * @param micros the instant in microseconds since the epoch
	 * @return the window's length in microseconds
	 */
	public long lengthOfWindowEndingNear(long micros) {
		LocalDate first = this.unit.first(date(micros));
		long start = micros(first);
		long end = micros(this.unit.next(first));
		if (micros - start < end - micros) {
			return start - micros(this.unit.previous(first));
		}
		return end - start;
	}

	/**
	 * Return the longest window of the unit, in any zone, at most
	 * {@link LimitSpec#MAX_PERIOD}.
	 * @return the longest window
	 */
	public Duration longest() {
		return this.unit.longest;
	}

	@Override
	public String toString() {
		return this.unit.id + " in " + this.zone;
	}

	private LocalDate date(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
			.atZone(this.zone)
			.toLocalDate();
	}

	private long micros(LocalDate date) {
		// a zone whose clocks skip midnight starts the day at the first instant it has
		Instant start = date.atStartOfDay(this.zone).toInstant();
		return start.getEpochSecond() * 1_000_000L + start.getNano() / 1000;
	}

	/**
	 * A calendar unit; weeks are ISO weeks, from Monday.
	 */
	public enum Unit {

		/** From one local midnight to the next. */
		DAY("calendar-day", Duration.ofHours(26)),

		/** From Monday's local midnight to the next Monday's. */
		WEEK("calendar-week", Duration.ofDays(7).plusHours(2)),

		/** From the 1st's local midnight to the next month's 1st. */
		MONTH("calendar-month", Duration.ofDays(31).plusHours(2)),

		/** From 1 January's local midnight to the next year's. */
		YEAR("calendar-year", LimitSpec.MAX_PERIOD);

		private final String id;

		/** Leaves room for the largest daylight-saving shift in use, two hours. */
		private final Duration longest;

		Unit(String id, Duration longest) {
			this.id = id;
			this.longest = longest;
		}

		/**
		 * Return the configuration name of this unit, such as {@code calendar-month}.
		 * @return the name
		 */
		public String id() {
			return this.id;
		}

		/**
		 * Return the unit of a configuration name.
		 * @param id the name, such as {@code calendar-month}
		 * @return the unit
		 * @throws IllegalArgumentException for a name that is no unit's
		 */
		public static Unit of(String id) {
			for (Unit unit : values()) {
				if (unit.id.equals(id)) {
					return unit;
				}
			}
			throw new IllegalArgumentException("'" + id + "' is not a calendar period; use one of "
					+ Arrays.stream(values()).map(Unit::id).collect(Collectors.joining(", ")));
		}

		LocalDate first(LocalDate date) {
			return switch (this) {
				case DAY -> date;
				case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
				case MONTH -> date.withDayOfMonth(1);
				case YEAR -> date.withDayOfYear(1);
			};
		}

		LocalDate next(LocalDate first) {
			return switch (this) {
				case DAY -> first.plusDays(1);
				case WEEK -> first.plusWeeks(1);
				case MONTH -> first.plusMonths(1);
				case YEAR -> first.plusYears(1);
			};
		}

		LocalDate previous(LocalDate first) {
			return switch (this) {
				case DAY -> first.minusDays(1);
				case WEEK -> first.minusWeeks(1);
				case MONTH -> first.minusMonths(1);
				case YEAR -> first.minusYears(1);
			};
		}

	}

}
