package dev.ratelimit.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sliding window log's part of the contract: exact counts over any rolling window.
 */
public interface SlidingWindowLogContract extends RateLimiterFixture {

	private static LimitSpec perMinute(long limit) {
		return LimitSpec.of("login", limit, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
	}

	@Test
	default void slidingLogNeverAdmitsTwiceTheLimitAcrossAWindowEdge() {
		LimitSpec login = perMinute(5);
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		clock().advance(Duration.ofMinutes(1).minusMillis(1));
		assertThat(admitted(10, 1, login)).isEqualTo(5);
		clock().advance(Duration.ofMillis(2));
		Decision held = decide(1, login);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofMinutes(1).minusMillis(2));
		assertThat(admitted(10, 1, login)).isZero();
		clock().advance(Duration.ofMinutes(1).minusMillis(2).minusNanos(1000));
		assertThat(decide(1, login).retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceMicros(1);
		assertThat(admitted(10, 1, login)).isEqualTo(5);
	}

	@Test
	default void retryAfterIsWhenTheOldestEntryThatMustGoLeavesTheWindow() {
		LimitSpec login = perMinute(5);
		assertThat(admitted(3, 1, login)).isEqualTo(3);
		clock().advance(Duration.ofSeconds(20));
		assertThat(admitted(2, 1, login)).isEqualTo(2);
		clock().advance(Duration.ofSeconds(10));
		Decision one = decide(1, login);
		assertThat(one.allowed()).isFalse();
		assertThat(one.remaining()).isZero();
		assertThat(one.retryAfter()).isEqualTo(Duration.ofSeconds(30));
		assertThat(one.resetAfter()).isEqualTo(Duration.ofSeconds(50));
		assertThat(decide(4, login).retryAfter()).isEqualTo(Duration.ofSeconds(50));
		clock().advance(Duration.ofSeconds(30));
		Decision three = decide(3, login);
		assertThat(three.allowed()).isTrue();
		assertThat(three.remaining()).isZero();
		assertThat(three.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(decide(1, login).retryAfter()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	default void sameMicrosecondRequestsAreAllCounted() {
		LimitSpec login = perMinute(50);
		assertThat(admitted(80, 1, login)).isEqualTo(50);
		Decision held = decide(1, login);
		assertThat(held.remaining()).isZero();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(held.resetAfter()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	default void costLogsOneEntryPerUnit() {
		LimitSpec login = perMinute(10);
		assertThat(admitted(3, 3, login)).isEqualTo(3);
		Decision held = decide(2, login);
		assertThat(held.allowed()).isFalse();
		assertThat(held.remaining()).isEqualTo(1);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofMinutes(1));
		assertThat(decide(1, login).remaining()).isZero();
	}

	@Test
	default void entriesCountUntilExactlyOnePeriodHasPassed() {
		LimitSpec login = perMinute(3);
		Decision first = decide(1, login);
		assertThat(first.remaining()).isEqualTo(2);
		assertThat(first.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		clock().advance(Duration.ofSeconds(10));
		assertThat(decide(1, login).remaining()).isEqualTo(1);
		clock().advance(Duration.ofSeconds(50).minusNanos(1000));
		assertThat(decide(1, login).remaining()).isZero();
		Decision held = decide(1, login);
		assertThat(held.allowed()).isFalse();
		assertThat(held.retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceMicros(1);
		Decision next = decide(1, login);
		assertThat(next.allowed()).isTrue();
		assertThat(next.remaining()).isZero();
		assertThat(next.resetAfter()).isEqualTo(Duration.ofMinutes(1));
	}

}
