package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sliding window counter's part of the contract, at the edges of its windows: the
 * previous window weighted by the overlap (rounded up), exact waits until that weight has
 * shrunk enough, and a fresh start once two windows have passed.
 */
public interface SlidingWindowCounterContract extends RateLimiterFixture {

	LimitSpec TEN_PER_MINUTE = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_COUNTER);

	@Test
	default void counterAdmitsTheLimitInOneWindowAndWaitsForTheWeightOfThePreviousOne() {
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		assertThat(admitted(12, 1, TEN_PER_MINUTE)).isEqualTo(10);
		Decision held = decide(1, TEN_PER_MINUTE);
		assertThat(held.remaining()).isZero();
		assertThat(held.resetAfter()).isEqualTo(Duration.ofMinutes(2));
		// next window, 6 s in: the previous 10 weigh 10 * 54 / 60 = 9, room for 1
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(66));
		clock().advance(Duration.ofSeconds(66).minusNanos(1000));
		Decision early = decide(1, TEN_PER_MINUTE);
		assertThat(early.allowed()).isFalse();
		assertThat(early.retryAfter()).isEqualTo(Duration.ofNanos(1000));
		clock().advanceMicros(1);
		Decision admitted = decide(1, TEN_PER_MINUTE);
		assertThat(admitted.allowed()).isTrue();
		assertThat(admitted.remaining()).isZero();
		assertThat(admitted.resetAfter()).isEqualTo(Duration.ofSeconds(114));
	}

	@Test
	default void counterWeighsThePreviousWindowInFullAtTheEdge() {
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		clock().advance(Duration.ofSeconds(59));
		assertThat(admitted(10, 1, TEN_PER_MINUTE)).isEqualTo(10);
		clock().advance(Duration.ofSeconds(1));
		// the window's first microsecond: the previous one still counts in full
		Decision edge = decide(1, TEN_PER_MINUTE);
		assertThat(edge.allowed()).isFalse();
		assertThat(edge.remaining()).isZero();
		assertThat(edge.retryAfter()).isEqualTo(Duration.ofSeconds(6));
		assertThat(edge.resetAfter()).isEqualTo(Duration.ofMinutes(1));
		// half-way: the previous 10 weigh 5
		clock().advance(Duration.ofSeconds(30));
		assertThat(decide(1, TEN_PER_MINUTE).remaining()).isEqualTo(4);
		assertThat(admitted(10, 1, TEN_PER_MINUTE)).isEqualTo(4);
		// one microsecond before the next window: 10 * 1us / 60s rounds up to 1, plus 5
		// now
		clock().advance(Duration.ofSeconds(30).minusNanos(1000));
		Decision late = limiter().peek(key(), List.of(TEN_PER_MINUTE));
		assertThat(late.remaining()).isEqualTo(4);
		clock().advanceMicros(1);
		// the next window: the 5 just admitted weigh in full
		assertThat(limiter().peek(key(), List.of(TEN_PER_MINUTE)).remaining()).isEqualTo(5);
	}

	@Test
	default void counterForgetsEverythingTwoWindowsLater() {
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		assertThat(admitted(10, 1, TEN_PER_MINUTE)).isEqualTo(10);
		clock().advance(Duration.ofMinutes(2));
		Decision fresh = decide(3, TEN_PER_MINUTE);
		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.remaining()).isEqualTo(7);
	}

	@Test
	default void counterHeldByTheCurrentWindowWaitsForTheNextOnesWeight() {
		clock().advanceToNextMultipleOf(Duration.ofMinutes(1));
		clock().advance(Duration.ofSeconds(30));
		assertThat(decide(8, TEN_PER_MINUTE).allowed()).isTrue();
		Decision held = decide(4, TEN_PER_MINUTE);
		assertThat(held.allowed()).isFalse();
		// 30 s to the next window, then until 8 * (60 - e) / 60 <= 6: e = 15 s
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(45));
		clock().advance(Duration.ofSeconds(45));
		assertThat(decide(4, TEN_PER_MINUTE).remaining()).isZero();
	}

}
