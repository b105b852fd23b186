package dev.ratelimit.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local fallback starting a calendar quota from the store's last standing: spent as
 * the store said within the window of that standing, fresh once the window has ended.
 */
class CalendarStandingTests {

	private static final LimitSpec DAILY = LimitSpec.calendar("daily", 5,
			new CalendarPeriod(CalendarPeriod.Unit.DAY, ZoneId.of("Europe/Paris")));

	private final TestClock clock = new TestClock();

	private final LastStandings standings = new LastStandings(this.clock, 100);

	@Test
	void standingCountsUntilLocalMidnightOnly() {
		// 23:59 in Paris on the 23-hour day: the store has admitted 3 of 5
		this.clock.advanceTo(Instant.parse("2027-03-28T21:59:00Z"));
		LocalRateLimiter store = new LocalRateLimiter(this.clock, 100);
		Decision reported = null;
		for (int i = 0; i < 3; i++) {
			reported = store.decide("client", List.of(DAILY), 1);
		}
		this.standings.remember("client", reported);
		LocalRateLimiter beforeMidnight = new LocalRateLimiter(this.clock, 100);
		assertThat(
				beforeMidnight.evaluate(new DecisionRequest("client", List.of(DAILY), 1), this.standings).remaining())
			.isEqualTo(1);
		this.clock.advanceTo(Instant.parse("2027-03-28T22:00:00Z"));
		LocalRateLimiter afterMidnight = new LocalRateLimiter(this.clock, 100);
		assertThat(afterMidnight.evaluate(new DecisionRequest("client", List.of(DAILY), 1), this.standings).remaining())
			.isEqualTo(4);
	}

}
