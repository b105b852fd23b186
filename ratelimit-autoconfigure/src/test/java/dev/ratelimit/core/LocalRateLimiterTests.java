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
	void clientsDecidedTogetherAreChargedAllOrNothing() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100, Runnable::run);
		List<LimitSpec> address = List.of(LimitSpec.of("attempts", 5, Duration.ofHours(1)));
		List<LimitSpec> account = List.of(LimitSpec.of("attempts", 1, Duration.ofHours(1)));
		List<DecisionRequest> parts = List.of(new DecisionRequest("address", address, 1),
				new DecisionRequest("account", account, 1));
		List<Decision> admitted = limiter.evaluateAll(parts);
		assertThat(admitted).allMatch(Decision::allowed);
		assertThat(admitted).extracting(Decision::remaining).containsExactly(4L, 0L);
		List<Decision> denied = limiter.evaluateAll(parts);
		assertThat(denied).extracting(Decision::allowed).containsExactly(true, false);
		// the account denied, so the address was not charged: still 4 left
		assertThat(denied.get(0).remaining()).isEqualTo(4);
		assertThat(limiter.peek("address", address).remaining()).isEqualTo(4);
		for (int i = 0; i < 4; i++) {
			assertThat(limiter.decide("address", address, 1).allowed()).isTrue();
		}
		assertThat(limiter.decide("address", address, 1).allowed()).isFalse();
	}

	@Test
	void idleKeysExpireSoMemoryStaysBounded() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100, Runnable::run);
		LimitSpec limit = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		for (int i = 0; i < 10_000; i++) {
			limiter.decide("key-" + i, List.of(limit), 1);
			this.clock.advanceMicros(1000);
			assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(100);
		}
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(limiter.trackedKeys()).isZero();
	}

	@Test
	void keyIsKeptTwiceItsLongestWindowAfterItsLastDecision() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100, Runnable::run);
		List<LimitSpec> limits = List.of(LimitSpec.of("log", 2, Duration.ofSeconds(10), Algorithm.SLIDING_WINDOW_LOG),
				LimitSpec.of("window", 10, Duration.ofSeconds(1), Algorithm.FIXED_WINDOW),
				LimitSpec.of("gcra", 10, Duration.ofSeconds(1), Algorithm.GCRA));
		limiter.decide("k", limits, 2);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(limiter.decide("k", limits, 1).allowed()).isFalse();
		this.clock.advanceMicros(20_000_000 - 1);
		assertThat(limiter.trackedKeys()).isEqualTo(1);
		// Caffeine's timer wheel drops an expired entry within about a second
		this.clock.advance(Duration.ofMillis(1100));
		assertThat(limiter.trackedKeys()).isZero();
	}

	@Test
	void busyKeysAreEvictedOnlyAboveTheBound() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 10, Runnable::run);
		LimitSpec limit = LimitSpec.of("per-day", 10, Duration.ofDays(1));
		for (int i = 0; i < 50; i++) {
			limiter.decide("key-" + i, List.of(limit), 1);
			assertThat(limiter.trackedKeys()).isEqualTo(Math.min(i + 1, 10));
		}
	}

	@Test
	void forgottenKeyStartsAfreshAndOthersKeepTheirState() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100, Runnable::run);
		LimitSpec limit = LimitSpec.of("per-day", 10, Duration.ofDays(1));
		limiter.decide("a", List.of(limit), 4);
		limiter.decide("b", List.of(limit), 4);
		limiter.forget("a");
		assertThat(limiter.peek("a", List.of(limit)).remaining()).isEqualTo(10);
		assertThat(limiter.peek("b", List.of(limit)).remaining()).isEqualTo(6);
	}

	@Test
	void peekChargesNothingAndTracksNoNewKey() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100, Runnable::run);
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
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 100, Runnable::run);
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
		LocalRateLimiter limiter = new LocalRateLimiter(MicrosClock.system(), 100);
		LimitSpec limit = LimitSpec.of("per-second", 10, Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.decide("k", List.of(limit), 0))
			.withMessage("Cost must be at least 1 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.decide("k", List.of(), 1))
			.withMessageContaining("At least one limit");
		assertThatIllegalArgumentException().isThrownBy(() -> limiter.decide("k", List.of(limit, limit), 1))
			.withMessageContaining("'per-second' repeats");
	}

}
