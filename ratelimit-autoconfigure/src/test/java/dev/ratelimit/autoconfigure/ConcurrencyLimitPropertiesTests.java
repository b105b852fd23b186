package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalConcurrencyGuard;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.resilience.FailSafeConcurrencyGuard;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.ratelimit.autoconfigure.StartupFailures.assertStartupFailure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency limits declared in properties: {@code concurrent} and {@code max-duration},
 * alone in a tier or beside its rate limits, and startup failing, naming the property,
 * for what cannot be enforced.
 */
class ConcurrencyLimitPropertiesTests {

	private static final String EXPORT = "ratelimit.tiers.export.limits.in-flight.";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class));

	@Test
	void aConcurrentLimitStandsBesideTheTiersRateLimits() {
		this.runner
			.withPropertyValues(EXPORT + "concurrent=3", EXPORT + "max-duration=2m",
					"ratelimit.tiers.export.limits.per-minute.limit=10",
					"ratelimit.tiers.export.limits.per-minute.period=1m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ConcurrencyLimits.class).of("export"))
					.isEqualTo(new ConcurrencyLimit("in-flight", 3, Duration.ofMinutes(2)));
				assertThat(context.getBean(TierRegistry.class).require("export").limits())
					.containsExactly(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1)));
				assertThat(context).getBean(ConcurrencyGuard.class).isInstanceOf(FailSafeConcurrencyGuard.class);
			});
	}

	@Test
	void aTierMayLimitOnlyRequestsInFlightWithTheDefaultMaximumDuration() {
		this.runner.withPropertyValues(EXPORT + "concurrent=3").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ConcurrencyLimits.class).of("export"))
				.isEqualTo(new ConcurrencyLimit("in-flight", 3, ConcurrencyLimit.DEFAULT_DURATION));
			assertThat(context.getBean(TierRegistry.class).require("export").limits()).isEmpty();
		});
	}

	@Test
	void theLocalBackendKeepsPermitsInMemory() {
		this.runner.withPropertyValues("ratelimit.backend=local", EXPORT + "concurrent=3")
			.run((context) -> assertThat(context).getBean(ConcurrencyGuard.class)
				.isInstanceOf(LocalConcurrencyGuard.class));
	}

	@Test
	void aConcurrentLimitTakingARateSettingFailsStartup() {
		assertStartupFailure(this.runner, EXPORT + "limit", "takes no rate setting", EXPORT + "concurrent=3",
				EXPORT + "limit=10");
		assertStartupFailure(this.runner, EXPORT + "period", "takes no rate setting", EXPORT + "concurrent=3",
				EXPORT + "period=1m");
	}

	@Test
	void aMaxDurationWithoutConcurrentFailsStartup() {
		assertStartupFailure(this.runner, EXPORT + "max-duration", "applies only to a concurrent limit",
				EXPORT + "limit=10", EXPORT + "period=1m", EXPORT + "max-duration=1m");
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		assertStartupFailure(this.runner, EXPORT + "concurrent", "from 1 to 10000", EXPORT + "concurrent=0");
		assertStartupFailure(this.runner, EXPORT + "max-duration", "from 300ms to 24h", EXPORT + "concurrent=3",
				EXPORT + "max-duration=10ms");
		assertStartupFailure(this.runner, EXPORT + "max-duration", "from 300ms to 24h", EXPORT + "concurrent=3",
				EXPORT + "max-duration=2d");
	}

	@Test
	void twoConcurrentLimitsInOneTierFailStartup() {
		assertStartupFailure(this.runner, "ratelimit.tiers.export.limits.second.concurrent", "one per tier",
				EXPORT + "concurrent=3", "ratelimit.tiers.export.limits.second.concurrent=5");
	}

}
