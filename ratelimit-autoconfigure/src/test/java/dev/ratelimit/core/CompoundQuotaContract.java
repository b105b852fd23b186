package dev.ratelimit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compound quotas: limits of different algorithms decided together, all or nothing.
 */
public interface CompoundQuotaContract extends RateLimiterFixture {

	@Test
	default void exhaustedDailyQuotaHoldsAClientThatIsUnderItsPerMinuteRate() {
		LimitSpec perMinute = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));
		LimitSpec daily = LimitSpec.of("daily", 20, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		clock().advanceTo(Instant.parse("2027-03-14T12:00:00Z"));
		int admitted = 0;
		for (int i = 0; i < 30; i++) {
			admitted += admitted(1, 1, perMinute, daily);
			clock().advance(Duration.ofSeconds(10));
		}
		assertThat(admitted).isEqualTo(20);
		Decision held = decide(1, perMinute, daily);
		assertThat(held.allowed()).isFalse();
		assertThat(held.deciding().spec()).isEqualTo(daily);
		assertThat(held.outcomes().get(0).fits()).isTrue();
		assertThat(held.outcomes().get(0).remaining()).isEqualTo(10);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofHours(11).plusMinutes(55));
		clock().advanceTo(Instant.parse("2027-03-15T00:00:00Z"));
		assertThat(decide(1, perMinute, daily).allowed()).isTrue();
	}

	@Test
	default void burstDeniedByThePerMinuteLimitDoesNotEatTheDailyQuota() {
		LimitSpec perMinute = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));
		LimitSpec daily = LimitSpec.of("daily", 100, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		assertThat(admitted(50, 1, perMinute, daily)).isEqualTo(10);
		Decision held = decide(1, perMinute, daily);
		assertThat(held.deciding().spec()).isEqualTo(perMinute);
		assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(6));
		assertThat(held.outcomes().get(1).remaining()).isEqualTo(90);
	}

	@ParameterizedTest
	@EnumSource(Algorithm.class)
	default void denialByALimitOfAnyAlgorithmConsumesFromNone(Algorithm tight) {
		List<LimitSpec> limits = new ArrayList<>();
		limits.add(LimitSpec.of("tight", 2, Duration.ofMinutes(1), tight));
		for (Algorithm algorithm : Algorithm.values()) {
			limits.add(LimitSpec.of("loose-" + algorithm.id(), 100, Duration.ofMinutes(1), algorithm));
		}
		LimitSpec[] all = limits.toArray(LimitSpec[]::new);
		assertThat(admitted(5, 1, all)).isEqualTo(2);
		Decision held = decide(1, all);
		assertThat(held.deciding().spec().name()).isEqualTo("tight");
		assertThat(held.outcomes().subList(1, limits.size())).allSatisfy((outcome) -> {
			assertThat(outcome.fits()).isTrue();
			assertThat(outcome.remaining()).isEqualTo(98);
		});
	}

}
