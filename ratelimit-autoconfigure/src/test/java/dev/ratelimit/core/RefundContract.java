package dev.ratelimit.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refunds' part of the contract: units given back never make a limit more than full, a
 * window gives back only what was charged in it, a sliding log gives nothing back.
 */
public interface RefundContract extends RateLimiterFixture {

	@Test
	default void aBucketGetsUnitsBackAtMostToFull() {
		LimitSpec limit = LimitSpec.of("bucket", 3, Duration.ofSeconds(1));
		Decision charged = decide(3, limit);
		assertThat(refund(limit, 2, charged, Duration.ZERO).remaining()).isEqualTo(2);
		assertThat(decide(2, limit).allowed()).isTrue();
		assertThat(decide(1, limit).allowed()).isFalse();
		clock().advance(Duration.ofSeconds(1));
		assertThat(refund(limit, 3, charged, Duration.ofSeconds(1)).remaining()).isEqualTo(3);
		assertThat(admitted(5, 1, limit)).isEqualTo(3);
	}

	@Test
	default void aGcraLimitGetsUnitsBackAtMostToFull() {
		LimitSpec limit = LimitSpec.of("gcra", 10, Duration.ofSeconds(10), Algorithm.GCRA);
		Decision charged = decide(4, limit);
		assertThat(refund(limit, 3, charged, Duration.ZERO).remaining()).isEqualTo(9);
		assertThat(refund(limit, 3, charged, Duration.ZERO).remaining()).isEqualTo(10);
		assertThat(admitted(12, 1, limit)).isEqualTo(10);
	}

	@Test
	default void aFixedWindowGivesBackInTheWindowChargedOnly() {
		LimitSpec limit = LimitSpec.of("window", 5, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		clock().advance(Duration.ofSeconds(50));
		Decision charged = decide(5, limit);
		assertThat(refund(limit, 7, charged, Duration.ZERO).remaining()).isEqualTo(5);
		Decision again = decide(2, limit);
		clock().advance(Duration.ofSeconds(10));
		decide(3, limit);
		assertThat(refund(limit, 2, again, Duration.ofSeconds(10)).remaining()).isEqualTo(2);
	}

	@Test
	default void aCalendarWindowGivesBackInTheWindowChargedOnly() {
		LimitSpec limit = LimitSpec.calendar("day", 4,
				new CalendarPeriod(CalendarPeriod.Unit.DAY, ZoneId.of("America/New_York")));
		clock().advanceTo(Instant.parse("2030-01-01T04:59:50Z"));
		Decision charged = decide(3, limit);
		assertThat(refund(limit, 1, charged, Duration.ZERO).remaining()).isEqualTo(2);
		clock().advance(Duration.ofSeconds(10));
		decide(4, limit);
		assertThat(refund(limit, 2, charged, Duration.ofSeconds(10)).remaining()).isZero();
	}

	@Test
	default void aSlidingCounterGivesBackThePreviousWindowWhileItWeighs() {
		LimitSpec limit = LimitSpec.of("counter", 10, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_COUNTER);
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		clock().advance(Duration.ofSeconds(30));
		Decision charged = decide(10, limit);
		clock().advance(Duration.ofSeconds(60));
		// 10 weigh 5 half way through the next window; 6 weigh 3
		assertThat(refund(limit, 4, charged, Duration.ofSeconds(60)).remaining()).isEqualTo(7);
		clock().advance(Duration.ofSeconds(60));
		assertThat(refund(limit, 6, charged, Duration.ofSeconds(120)).remaining()).isEqualTo(10);
	}

	@Test
	default void aSlidingLogGivesNothingBack() {
		LimitSpec limit = LimitSpec.of("log", 5, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		Decision charged = decide(3, limit);
		assertThat(refund(limit, 3, charged, Duration.ZERO).remaining()).isEqualTo(2);
		assertThat(admitted(5, 1, limit)).isEqualTo(2);
	}

	private Decision refund(LimitSpec limit, long units, Decision charged, Duration since) {
		return ((Refunder) limiter()).refund(new DecisionRequest(key(), List.of(limit), units), charged, since);
	}

}
