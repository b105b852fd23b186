package dev.ratelimit.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.ratelimit.core.CalendarPeriod.Unit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Calendar windows computed with {@code java.time}, in zones whose clocks change by half
 * an hour or skip midnight.
 */
class CalendarPeriodTests {

	@Test
	void dayOfAHalfHourChangeLasts23AndAHalfHours() {
		// Lord Howe Island goes from UTC+10:30 to UTC+11 on the first Sunday of October
		CalendarPeriod day = new CalendarPeriod(Unit.DAY, ZoneId.of("Australia/Lord_Howe"));
		long noon = micros("2027-10-03T01:00:00Z");
		assertThat(day.startMicros(noon)).isEqualTo(micros("2027-10-02T13:30:00Z"));
		assertThat(day.endMicros(noon)).isEqualTo(micros("2027-10-03T13:00:00Z"));
	}

	@Test
	void dayWhoseMidnightIsSkippedStartsAtItsFirstInstant() {
		// Santiago's clocks go from 24:00 on Saturday 4 September 2027 to 01:00 on Sunday
		CalendarPeriod day = new CalendarPeriod(Unit.DAY, ZoneId.of("America/Santiago"));
		long sunday = micros("2027-09-05T15:00:00Z");
		assertThat(day.startMicros(sunday)).isEqualTo(micros("2027-09-05T04:00:00Z"));
		assertThat(day.endMicros(sunday) - day.startMicros(sunday)).isEqualTo(Duration.ofHours(23).toNanos() / 1000);
	}

	@Test
	void boundariesAreTheWindowsBeforeAroundAndAfter() {
		// the week of Wednesday 31 March 2027 in Paris, whose summer time began on the
		// Sunday before: the week before it is an hour shorter
		CalendarPeriod week = new CalendarPeriod(Unit.WEEK, ZoneId.of("Europe/Paris"));
		assertThat(week.boundaries(micros("2027-03-31T12:00:00Z"))).containsExactly(micros("2027-03-21T23:00:00Z"),
				micros("2027-03-28T22:00:00Z"), micros("2027-04-04T22:00:00Z"), micros("2027-04-11T22:00:00Z"));
	}

	@Test
	void unknownUnitNamesTheUnitsThereAre() {
		assertThatIllegalArgumentException().isThrownBy(() -> Unit.of("calendar-quarter"))
			.withMessage("'calendar-quarter' is not a calendar period; use one of calendar-day, calendar-week, "
					+ "calendar-month, calendar-year");
	}

	private static long micros(String instant) {
		return Instant.parse(instant).getEpochSecond() * 1_000_000L;
	}

}
