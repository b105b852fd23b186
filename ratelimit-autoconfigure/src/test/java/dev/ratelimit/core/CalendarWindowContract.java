package dev.ratelimit.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calendar periods' part of the contract: windows from one local midnight to the next
 * day's, Monday's, 1st's or 1 January's in the limit's zone, however long the zone's
 * clocks make them.
 */
public interface CalendarWindowContract extends RateLimiterFixture {

	ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Test
	default void calendarMonthEndsAtMidnightInItsZone() {
		LimitSpec monthly = LimitSpec.calendar("monthly", 3, new CalendarPeriod(CalendarPeriod.Unit.MONTH, BERLIN));
		// 1 February 2027 00:00 in Berlin (UTC+1) is 23:00 UTC on 31 January
		clock().advanceTo(Instant.parse("2027-01-31T22:59:50Z"));
		assertThat(admitted(5, 1, monthly)).isEqualTo(3);
		Decision held = decide(1, monthly);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(10));
		assertThat(held.resetAfter()).isEqualTo(Duration.ofSeconds(10));
		assertThat(held.deciding().windowSeconds()).isEqualTo(Duration.ofDays(31).toSeconds());
		clock().advanceTo(Instant.parse("2027-01-31T22:59:59.999999Z"));
		assertThat(decide(1, monthly).retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceTo(Instant.parse("2027-01-31T23:00:00Z"));
		Decision fresh = decide(1, monthly);
		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.remaining()).isEqualTo(2);
		assertThat(fresh.resetAfter()).isEqualTo(Duration.ofDays(28));
		assertThat(fresh.deciding().windowSeconds()).isEqualTo(Duration.ofDays(28).toSeconds());
	}

	@Test
	default void calendarMonthInUtcIsAnotherWindowThanInBerlin() {
		LimitSpec utc = LimitSpec.calendar("utc", 1, new CalendarPeriod(CalendarPeriod.Unit.MONTH, ZoneOffset.UTC));
		clock().advanceTo(Instant.parse("2027-01-31T22:30:00Z"));
		assertThat(decide(1, utc).allowed()).isTrue();
		// February in Berlin, still January in UTC
		clock().advanceTo(Instant.parse("2027-01-31T23:00:00Z"));
		Decision held = decide(1, utc);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	default void calendarWeekStartsOnMonday() {
		LimitSpec weekly = LimitSpec.calendar("weekly", 2,
				new CalendarPeriod(CalendarPeriod.Unit.WEEK, ZoneOffset.UTC));
		// Thursday 2026-12-31 to Sunday 2027-01-03: one ISO week, though the year changes
		clock().advanceTo(Instant.parse("2026-12-31T12:00:00Z"));
		assertThat(decide(1, weekly).allowed()).isTrue();
		clock().advanceTo(Instant.parse("2027-01-03T23:59:59Z"));
		assertThat(decide(1, weekly).allowed()).isTrue();
		Decision held = decide(1, weekly);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		clock().advanceTo(Instant.parse("2027-01-04T00:00:00Z"));
		Decision monday = decide(1, weekly);
		assertThat(monday.allowed()).isTrue();
		assertThat(monday.resetAfter()).isEqualTo(Duration.ofDays(7));
		assertThat(monday.deciding().windowSeconds()).isEqualTo(Duration.ofDays(7).toSeconds());
	}

	@Test
	default void dayOfTheChangeToSummerTimeLasts23Hours() {
		LimitSpec daily = LimitSpec.calendar("daily", 2, new CalendarPeriod(CalendarPeriod.Unit.DAY, PARIS));
		// 28 March 2027 in Paris: from 23:00 UTC the day before (UTC+1) to 22:00 UTC
		// (UTC+2)
		clock().advanceTo(Instant.parse("2027-03-27T23:00:00Z"));
		Decision first = decide(1, daily);
		assertThat(first.resetAfter()).isEqualTo(Duration.ofHours(23));
		assertThat(first.deciding().windowSeconds()).isEqualTo(Duration.ofHours(23).toSeconds());
		clock().advanceTo(Instant.parse("2027-03-28T21:59:59.999999Z"));
		assertThat(decide(1, daily).allowed()).isTrue();
		assertThat(decide(1, daily).retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceTo(Instant.parse("2027-03-28T22:00:00Z"));
		Decision next = decide(1, daily);
		assertThat(next.allowed()).isTrue();
		assertThat(next.remaining()).isEqualTo(1);
		assertThat(next.resetAfter()).isEqualTo(Duration.ofHours(24));
	}

	@Test
	default void dayOfTheChangeBackToWinterTimeLasts25Hours() {
		LimitSpec daily = LimitSpec.calendar("daily", 2, new CalendarPeriod(CalendarPeriod.Unit.DAY, PARIS));
		// 31 October 2027 in Paris: from 22:00 UTC the day before (UTC+2) to 23:00 UTC
		// (UTC+1)
		clock().advanceTo(Instant.parse("2027-10-30T22:00:00Z"));
		Decision first = decide(1, daily);
		assertThat(first.resetAfter()).isEqualTo(Duration.ofHours(25));
		assertThat(first.deciding().windowSeconds()).isEqualTo(Duration.ofHours(25).toSeconds());
		// 24 hours later the day still has an hour to run
		clock().advanceTo(Instant.parse("2027-10-31T22:00:00Z"));
		assertThat(decide(1, daily).allowed()).isTrue();
		Decision held = decide(1, daily);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofHours(1));
		clock().advanceTo(Instant.parse("2027-10-31T23:00:00Z"));
		assertThat(decide(1, daily).allowed()).isTrue();
	}

	@Test
	default void rateAndCalendarQuotaDecideAllOrNothing() {
		LimitSpec perSecond = LimitSpec.of("per-second", 2, Duration.ofSeconds(1));
		LimitSpec daily = LimitSpec.calendar("daily", 3, new CalendarPeriod(CalendarPeriod.Unit.DAY, PARIS));
		clock().advanceTo(Instant.parse("2027-06-15T12:00:00Z"));
		assertThat(admitted(2, 1, perSecond, daily)).isEqualTo(2);
		// denied by the rate: the day is not charged
		Decision byRate = decide(1, perSecond, daily);
		assertThat(byRate.allowed()).isFalse();
		assertThat(byRate.outcomes().get(1).remaining()).isEqualTo(1);
		clock().advance(Duration.ofSeconds(1));
		assertThat(decide(1, perSecond, daily).allowed()).isTrue();
		// denied by the day: the rate is not charged, and the wait is until midnight in
		// Paris (UTC+2)
		clock().advance(Duration.ofSeconds(1));
		Decision byDay = decide(1, perSecond, daily);
		assertThat(byDay.allowed()).isFalse();
		assertThat(byDay.outcomes().get(0).remaining()).isEqualTo(2);
		assertThat(byDay.outcomes().get(0).fits()).isTrue();
		assertThat(byDay.retryAfter())
			.isEqualTo(Duration.between(Instant.parse("2027-06-15T12:00:02Z"), Instant.parse("2027-06-15T22:00:00Z")));
		clock().advanceTo(Instant.parse("2027-06-15T22:00:00Z"));
		assertThat(admitted(3, 1, perSecond, daily)).isEqualTo(2);
	}

	@Test
	default void calendarYearCountsAcrossBothDaylightSavingChanges() {
		LimitSpec yearly = LimitSpec.calendar("yearly", 1, new CalendarPeriod(CalendarPeriod.Unit.YEAR, PARIS));
		clock().advanceTo(Instant.parse("2027-12-31T22:59:59Z"));
		assertThat(decide(1, yearly).allowed()).isTrue();
		Decision held = decide(1, yearly);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(held.deciding().windowSeconds()).isEqualTo(Duration.ofDays(365).toSeconds());
		clock().advanceTo(Instant.parse("2027-12-31T23:00:00Z"));
		Decision leap = decide(1, yearly);
		assertThat(leap.allowed()).isTrue();
		assertThat(leap.deciding().windowSeconds()).isEqualTo(Duration.ofDays(366).toSeconds());
	}

}
