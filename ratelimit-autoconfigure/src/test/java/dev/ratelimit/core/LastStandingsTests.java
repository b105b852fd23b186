package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standing is kept as long as its limits take to refill in full, on the fallback's
 * clock: a client that spent a long-period limit stays spent during an outage days later,
 * and a short limit's standing goes once it is worth nothing.
 */
class LastStandingsTests {

	private static final LimitSpec PER_MINUTE = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));

	private static final LimitSpec PER_MONTH = LimitSpec.of("per-month", 1000, Duration.ofDays(30));

	private final TestClock clock = new TestClock();

	private final LastStandings standings = new LastStandings(this.clock, 100, (key) -> 0, Runnable::run);

	@Test
	void aClientThatSpentAMonthlyLimitGetsOnlyWhatRefilledFromTheFallbackDaysLater() {
		this.standings.remember("spent", spent(PER_MONTH));
		this.clock.advance(Duration.ofDays(3));
		LocalRateLimiter fallback = new LocalRateLimiter(this.clock, 100);
		int admitted = 0;
		for (int i = 0; i < 1000; i++) {
			admitted += fallback.evaluate(new DecisionRequest("spent", List.of(PER_MONTH), 1), this.standings).allowed()
					? 1 : 0;
		}
		// 1000 per 30 days refill 100 in 3 days
		assertThat(admitted).isEqualTo(100);
	}

	@Test
	void aStandingIsKeptUntilItsLongestLimitHasRefilledFromOneBurstInDebt() {
		this.standings.remember("spent", spent(PER_MINUTE, PER_MONTH));
		this.clock.advance(Duration.ofDays(60).minusNanos(1000));
		assertThat(this.standings.find("spent")).isNotNull();
		this.clock.advance(Duration.ofNanos(1000));
		assertThat(this.standings.find("spent")).isNull();
	}

	@Test
	void aShortLimitsStandingGoesOnceItIsWorthNothing() {
		this.standings.remember("spent", spent(PER_MINUTE));
		this.clock.advance(Duration.ofMinutes(2).minusNanos(1000));
		assertThat(this.standings.find("spent")).isNotNull();
		this.clock.advance(Duration.ofNanos(1000));
		assertThat(this.standings.find("spent")).isNull();
	}

	private static Decision spent(LimitSpec... limits) {
		return Decision.of(false,
				List.of(limits)
					.stream()
					.map((limit) -> new LimitOutcome(limit, 0, limit.period(), limit.period()))
					.toList());
	}

}
