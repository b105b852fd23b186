package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TierRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas as plans write them bind and start, and the sliding log's cap stops startup
 * naming the limit and pointing to the counter.
 */
class QuotaPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class));

	@Test
	void aMillionADayAndFiveThousandPerThirtyDaysStart() {
		this.runner.withPropertyValues("ratelimit.tiers.plan.limits.per-day.limit=1000000",
				"ratelimit.tiers.plan.limits.per-day.period=1d", "ratelimit.tiers.plan.limits.per-month.limit=5000",
				"ratelimit.tiers.plan.limits.per-month.period=30d",
				"ratelimit.tiers.plan.limits.per-month.algorithm=fixed-window",
				"ratelimit.tiers.huge.limits.monthly.limit=1000000000",
				"ratelimit.tiers.huge.limits.monthly.period=30d", "ratelimit.tiers.huge.limits.monthly.algorithm=gcra")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TierRegistry registry = context.getBean(TierRegistry.class);
				assertThat(registry.require("plan").limits()).containsExactly(
						LimitSpec.of("per-day", 1_000_000, Duration.ofDays(1)),
						LimitSpec.of("per-month", 5_000, Duration.ofDays(30), Algorithm.FIXED_WINDOW));
				assertThat(registry.require("huge").limits())
					.containsExactly(LimitSpec.of("monthly", 1_000_000_000, Duration.ofDays(30), Algorithm.GCRA));
			});
	}

	@Test
	void slidingWindowCounterBindsByItsName() {
		this.runner
			.withPropertyValues("ratelimit.tiers.hourly.limits.per-hour.limit=100000",
					"ratelimit.tiers.hourly.limits.per-hour.period=1h",
					"ratelimit.tiers.hourly.limits.per-hour.algorithm=sliding-window-counter")
			.run((context) -> assertThat(context.getBean(TierRegistry.class).require("hourly").limits())
				.containsExactly(
						LimitSpec.of("per-hour", 100_000, Duration.ofHours(1), Algorithm.SLIDING_WINDOW_COUNTER)));
	}

	@Test
	void slidingLogOfAHundredThousandAnHourIsRefusedPointingToTheCounter() {
		this.runner
			.withPropertyValues("ratelimit.tiers.login.limits.hourly.limit=100000",
					"ratelimit.tiers.login.limits.hourly.period=1h",
					"ratelimit.tiers.login.limits.hourly.algorithm=sliding-window-log")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof InvalidConfigurationPropertyValueException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class,
						(invalid) -> {
							assertThat(invalid.getName()).isEqualTo("ratelimit.tiers.login.limits.hourly.limit");
							assertThat(invalid.getValue()).isEqualTo(100_000L);
							assertThat(invalid.getReason()).isEqualTo("Limit 'hourly': sliding-window-log keeps one "
									+ "entry per admission, so its limit must be at most 10000 but was 100000; use "
									+ "sliding-window-counter for larger limits (constant memory per client)");
						});
			});
	}

	@Test
	void aBurstThatWouldTakeMoreThanACenturyToRefillNamesTheBurst() {
		this.runner
			.withPropertyValues("ratelimit.tiers.odd.limits.yearly.limit=1",
					"ratelimit.tiers.odd.limits.yearly.period=366d", "ratelimit.tiers.odd.limits.yearly.burst=1000")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ratelimit.tiers.odd.limits.yearly.burst")
				.hasMessageContaining("takes more than 100 years to refill"));
	}

}
