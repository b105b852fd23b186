package dev.ratelimit.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GCRA's part of the contract: a burst, then one unit per emission interval, with exact
 * waits.
 */
public interface GcraContract extends RateLimiterFixture {

	@Test
	default void gcraAdmitsTheBurstThenOneUnitPerInterval() {
		LimitSpec limit = new LimitSpec("per-minute", 60, Duration.ofMinutes(1), 5, Algorithm.GCRA);
		for (int left = 4; left >= 0; left--) {
			Decision decision = decide(1, limit);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.remaining()).isEqualTo(left);
		}
		Decision held = decide(1, limit);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(held.resetAfter()).isEqualTo(Duration.ofSeconds(5));
		clock().advanceMicros(999_999);
		assertThat(decide(1, limit).retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceMicros(1);
		Decision next = decide(1, limit);
		assertThat(next.allowed()).isTrue();
		assertThat(next.remaining()).isZero();
	}

	@Test
	default void gcraRoundsTheIntervalUpToTheMicrosecond() {
		LimitSpec limit = LimitSpec.of("per-minute", 7, Duration.ofMinutes(1), Algorithm.GCRA);
		assertThat(admitted(7, 1, limit)).isEqualTo(7);
		assertThat(decide(1, limit).retryAfter()).isEqualTo(Duration.ofNanos(8_571_429_000L));
		clock().advanceMicros(8_571_428);
		assertThat(decide(1, limit).retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceMicros(1);
		assertThat(decide(1, limit).allowed()).isTrue();
	}

	@Test
	default void gcraHoldsItsRateOverTime() {
		LimitSpec limit = LimitSpec.of("per-minute", 7, Duration.ofMinutes(1), Algorithm.GCRA);
		int admitted = 0;
		for (int second = 0; second < 600; second++) {
			admitted += admitted(1, 1, limit);
			clock().advance(Duration.ofSeconds(1));
		}
		// 7 at once, then one per 8.571429 s for 599 s
		assertThat(admitted).isEqualTo(76);
	}

	@Test
	default void gcraTakesTheCostAsThatManyIntervals() {
		LimitSpec limit = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1), Algorithm.GCRA);
		assertThat(decide(4, limit).remaining()).isEqualTo(6);
		assertThat(decide(4, limit).remaining()).isEqualTo(2);
		Decision held = decide(4, limit);
		assertThat(held.allowed()).isFalse();
		assertThat(held.remaining()).isEqualTo(2);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(12));
		assertThat(held.resetAfter()).isEqualTo(Duration.ofSeconds(48));
	}

}
