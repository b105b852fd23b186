package dev.ratelimit.resilience;

import java.time.ZoneId;
import java.util.List;

import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.LimitSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node's share of a calendar quota, which the local fallback decides: the same calendar
 * windows with the node's part of the limit.
 */
class CalendarShareTests {

	private static final CalendarPeriod MONTH = new CalendarPeriod(CalendarPeriod.Unit.MONTH,
			ZoneId.of("Europe/Paris"));

	@Test
	void aShareOfACalendarQuotaKeepsItsCalendar() {
		LimitSpec share = new NodeShare(() -> 3).of(List.of(LimitSpec.calendar("monthly", 9, MONTH)), 1).get(0);
		assertThat(share).isEqualTo(LimitSpec.calendar("monthly", 3, MONTH));
	}

	@Test
	void aShareRaisedToACostKeepsItsCalendar() {
		LimitSpec share = new NodeShare(() -> 3).of(List.of(LimitSpec.calendar("monthly", 9, MONTH)), 5).get(0);
		assertThat(share).isEqualTo(LimitSpec.calendar("monthly", 5, MONTH));
	}

}
