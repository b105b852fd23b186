package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalRateLimiterTests extends RateLimiterContractTests {

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		return new LocalRateLimiter(clock, 100_000);
	}

	@Test
	void idleKeysAreSweptSoMemoryStaysBounded() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);
		LimitSpec limit = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		for (int i = 0; i < 10_000; i++) {
			limiter.decide("key-" + i, List.of(limit), 1);
			this.clock.advanceMicros(1000);
		}
		assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(101);
	}

	@Test
	void idleLogsWindowsAndSchedulesAreSweptToo() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);
		List<LimitSpec> limits = List.of(
				LimitSpec.of("log", 10, Duration.ofSeconds(1), Algorithm.SLIDING_WINDOW_LOG),
				LimitSpec.of("window", 10, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW),
				LimitSpec.of("gcra", 10, Duration.ofSeconds(1), Algorithm.GCRA));
		for (int i = 0; i < 10_000; i++) {
			limiter.decide("key-" + i, limits, 1);
			this.clock.advanceMicros(1000);
		}
		assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(101);
	}

	@Test
	void sweepDropsOnlyLogsWhoseEntriesHaveAllLeftTheWindow() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 2);
		LimitSpec login = LimitSpec.of("login", 2, Duration.ofSeconds(10), Algorithm.SLIDING_WINDOW_LOG);
		limiter.decide("idle", List.of(login), 1);
		this.clock.advance(Duration.ofSeconds(1));
		limiter.decide("busy", List.of(login), 2);
		this.clock.advance(Duration.ofMillis(9_500));
		limiter.decide("new", List.of(login), 1);
		assertThat(limiter.trackedKeys()).isEqualTo(2);
		assertThat(limiter.decide("busy", List.of(login), 1).allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(500));
		assertThat(limiter.decide("busy", List.of(login), 2).allowed()).isTrue();
	}

	@Test
	void busyKeysAreEvictedOnlyAboveTheBound() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 10);
		LimitSpec limit = LimitSpec.of("per-day", 10, Duration.ofDays(1));
		for (int i = 0; i < 50; i++) {
			limiter.decide("key-" + i, List.of(limit), 1);
		}
		assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(11);
	}

	@Test
	void peekChargesNothingAndTracksNoNewKey() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);
		List<LimitSpec> limits = List.of(LimitSpec.of("log", 3, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG),
				LimitSpec.of("gcra", 3, Duration.ofMinutes(1), Algorithm.GCRA));
		limiter.decide("known", limits, 2);
		for (int i = 0; i < 3; i++) {
			Decision standing = limiter.peek("known", limits);
			assertThat(standing.allowed()).isTrue();
			assertThat(standing.outcomes()).extracting(LimitOutcome::remaining).containsOnly(1L);
		}
		assertThat(limiter.peek("unknown", limits).remaining()).isEqualTo(3);
		assertThat(limiter.trackedKeys()).isEqualTo(1);
	}

	@Test
	void resetRestoresTheGivenLimitsInFull() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100);
		LimitSpec login = LimitSpec.of("login", 2, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		LimitSpec daily = LimitSpec.of("daily", 10, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		limiter.decide("k", List.of(login, daily), 2);
		limiter.reset("k", List.of(login));
		assertThat(limiter.decide("k", List.of(login, daily), 1).outcomes()).extracting(LimitOutcome::remaining)
			.containsExactly(1L, 7L);
		limiter.reset("k", List.of(login, daily));
		assertThat(limiter.trackedKeys()).isZero();
	}

	@Test
	void invalidRequestsNameTheBadValue() {
		LocalRateLimiter limiter = new LocalRateLimiter();
		LimitSpec limit = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.decide("k", List.of(limit), 0))
			.withMessage("Cost must be at least 1 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.decide("k", List.of(), 1))
			.withMessageContaining("At least one limit");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.decide("k", List.of(limit, limit), 1))
			.withMessageContaining("'per-second' repeats");
	}

}
