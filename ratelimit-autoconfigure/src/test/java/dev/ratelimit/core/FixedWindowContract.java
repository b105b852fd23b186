package dev.ratelimit.core;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixed window's part of the contract: exact counts per UTC-aligned window.
 */
public interface FixedWindowContract extends RateLimiterFixture {

	@Test
	default void fixedWindowCountsExactlyTheLimitUpToItsEdgeAndAgainAfterIt() {
		LimitSpec perMinute = LimitSpec.of("per-minute", 5, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		clock().advance(Duration.ofMinutes(1).minusNanos(1000));
		for (int left = 4; left >= 0; left--) {
			Decision decision = decide(1, perMinute);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.remaining()).isEqualTo(left);
			assertThat(decision.resetAfter()).isEqualTo(Duration.ofNanos(1000));
		}
		Decision held = decide(1, perMinute);
		assertThat(held.allowed()).isFalse();
		assertThat(held.remaining()).isZero();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceMicros(1);
		// the price of a fixed window: the full limit again one microsecond later
		assertThat(admitted(10, 1, perMinute)).isEqualTo(5);
		Decision next = decide(1, perMinute);
		assertThat(next.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(next.resetAfter()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	default void dailyWindowResetsAtMidnightUtc() {
		LimitSpec daily = LimitSpec.of("daily", 3, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		clock().advanceTo(Instant.parse("2027-03-14T09:30:00Z"));
		assertThat(admitted(5, 1, daily)).isEqualTo(3);
		Decision held = decide(1, daily);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofHours(14).plusMinutes(30));
		assertThat(held.resetAfter()).isEqualTo(Duration.ofHours(14).plusMinutes(30));
		clock().advanceTo(Instant.parse("2027-03-14T23:59:59.999999Z"));
		assertThat(decide(1, daily).allowed()).isFalse();
		clock().advanceTo(Instant.parse("2027-03-15T00:00:00Z"));
		Decision fresh = decide(1, daily);
		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.remaining()).isEqualTo(2);
		assertThat(fresh.resetAfter()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	default void fixedWindowCountsTheCostInFull() {
		LimitSpec perMinute = LimitSpec.of("per-minute", 5, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW);
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		assertThat(decide(2, perMinute).remaining()).isEqualTo(3);
		assertThat(decide(2, perMinute).remaining()).isEqualTo(1);
		Decision held = decide(2, perMinute);
		assertThat(held.allowed()).isFalse();
		assertThat(held.remaining()).isEqualTo(1);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(decide(1, perMinute).remaining()).isZero();
	}

}
