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
	void busyKeysAreEvictedOnlyAboveTheBound() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, 10);
		LimitSpec limit = LimitSpec.of("per-day", 10, Duration.ofDays(1));
		for (int i = 0; i < 50; i++) {
			limiter.decide("key-" + i, List.of(limit), 1);
		}
		assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(11);
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
