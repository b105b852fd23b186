package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peek's and reset's part of the contract: a peek reports the standing a request would
 * meet and charges nothing; a reset restores the given limits of one key in full and
 * leaves its other limits as they were.
 */
public interface PeekResetContract extends RateLimiterFixture {

	default Decision peek(LimitSpec... limits) {
		return limiter().peek(key(), List.of(limits));
	}

	default void reset(LimitSpec... limits) {
		limiter().reset(key(), List.of(limits));
	}

	@Test
	default void peekReportsEveryAlgorithmsStandingAndChargesNothing() {
		LimitSpec[] limits = everyAlgorithm(10);
		decide(3, limits);
		for (int i = 0; i < 3; i++) {
			Decision standing = peek(limits);
			assertThat(standing.allowed()).isTrue();
			assertThat(standing.outcomes()).extracting(LimitOutcome::remaining).containsOnly(7L);
		}
		assertThat(decide(1, limits).outcomes()).extracting(LimitOutcome::remaining).containsOnly(6L);
	}

	@Test
	default void peekAtAnUnknownKeyReportsFullLimits() {
		LimitSpec[] limits = everyAlgorithm(10);
		assertThat(peek(limits).outcomes()).extracting(LimitOutcome::remaining).containsOnly(10L);
		assertThat(decide(10, limits).allowed()).isTrue();
	}

	@Test
	default void peekAtAnExhaustedKeyIsTheDenialARequestWouldGet() {
		LimitSpec limit = LimitSpec.of("per-second", 5, Duration.ofSeconds(1));
		assertThat(admitted(5, 1, limit)).isEqualTo(5);
		Decision standing = peek(limit);
		assertThat(standing.allowed()).isFalse();
		assertThat(standing.remaining()).isZero();
		assertThat(standing.retryAfter()).isEqualTo(Duration.ofMillis(200));
		assertThat(decide(1, limit).retryAfter()).isEqualTo(Duration.ofMillis(200));
	}

	@Test
	default void peekFollowsTheClock() {
		LimitSpec limit = LimitSpec.of("per-second", 5, Duration.ofSeconds(1));
		decide(5, limit);
		clock().advance(Duration.ofMillis(400));
		assertThat(peek(limit).remaining()).isEqualTo(2);
		assertThat(peek(limit).remaining()).isEqualTo(2);
		assertThat(decide(2, limit).allowed()).isTrue();
		assertThat(peek(limit).allowed()).isFalse();
	}

	@Test
	default void resetRestoresTheGivenLimitsOnly() {
		LimitSpec login = LimitSpec.of("login", 2, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		LimitSpec daily = LimitSpec.of("daily", 10, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		decide(2, login, daily);
		reset(login);
		assertThat(decide(1, login, daily).outcomes()).extracting(LimitOutcome::remaining).containsExactly(1L, 7L);
	}

	@Test
	default void resetRestoresEveryAlgorithmInFull() {
		LimitSpec[] limits = everyAlgorithm(10);
		assertThat(decide(10, limits).allowed()).isTrue();
		assertThat(decide(1, limits).allowed()).isFalse();
		reset(limits);
		assertThat(peek(limits).outcomes()).extracting(LimitOutcome::remaining).containsOnly(10L);
		assertThat(decide(10, limits).allowed()).isTrue();
	}

	@Test
	default void resetOfAnUnknownKeyChangesNothing() {
		LimitSpec limit = LimitSpec.of("per-minute", 3, Duration.ofMinutes(1));
		reset(limit);
		assertThat(peek(limit).remaining()).isEqualTo(3);
		assertThat(decide(1, limit).remaining()).isEqualTo(2);
	}

	private static LimitSpec[] everyAlgorithm(long limit) {
		List<LimitSpec> limits = new ArrayList<>();
		for (Algorithm algorithm : Algorithm.values()) {
			limits.add(LimitSpec.of(algorithm.id(), limit, Duration.ofMinutes(1), algorithm));
		}
		return limits.toArray(LimitSpec[]::new);
	}

}
