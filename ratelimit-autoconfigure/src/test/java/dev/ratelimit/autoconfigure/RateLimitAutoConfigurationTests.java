package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimitGuard;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.resilience.FailSafeRateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
		.withPropertyValues("ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void redisBackendIsTheDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RedisRateLimiter.class));
	}

	@Test
	void localBackendKeepsBucketsInProcess() {
		this.runner.withPropertyValues("ratelimit.backend=local")
			.run((context) -> assertThat(context).hasSingleBean(LocalRateLimiter.class)
				.doesNotHaveBean(RedisRateLimiter.class)
				.hasSingleBean(LocalRateLimitGuard.class)
				.doesNotHaveBean(FailSafeRateLimiter.class));
	}

	@Test
	void disabledMeansNoBeans() {
		this.runner.withPropertyValues("ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimiter.class)
				.doesNotHaveBean(TierRegistry.class));
	}

	@Test
	void userLimiterTakesPrecedence() {
		this.runner.withUserConfiguration(CustomLimiter.class)
			.run((context) -> assertThat(context).getBean(RateLimiter.class).isSameAs(CustomLimiter.LIMITER));
	}

	@Test
	void tiersBindWithBurstDefaultingToLimit() {
		this.runner.withPropertyValues("ratelimit.tiers.paid.limits.per-minute.limit=600",
				"ratelimit.tiers.paid.limits.per-minute.period=1m", "ratelimit.tiers.paid.limits.per-minute.burst=1000",
				"ratelimit.tiers.paid.plan=true", "ratelimit.tiers.paid.api-keys=abc-KEY")
			.run((context) -> {
				TierRegistry registry = context.getBean(TierRegistry.class);
				assertThat(registry.require("free").limits())
					.containsExactly(LimitSpec.of("per-minute", 60, Duration.ofMinutes(1), 60));
				assertThat(registry.require("paid").limits())
					.containsExactly(LimitSpec.of("per-minute", 600, Duration.ofMinutes(1), 1000));
				assertThat(registry.tierForApiKey("abc-KEY")).isEqualTo("paid");
			});
	}

	@Test
	void tierWithoutLimitsFailsNamingTheProperty() {
		assertStartupFailure("Property ratelimit.tiers.empty.limits", "a tier needs at least one limit",
				"ratelimit.tiers.empty.limits=");
	}

	@Test
	void nonPositiveLimitFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.limit", "must be from 1 to 1000000000",
				"ratelimit.tiers.free.limits.per-minute.limit=0");
	}

	@Test
	void nonPositivePeriodFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.period", "must be from 1ms to 366d",
				"ratelimit.tiers.free.limits.per-minute.period=0s");
	}

	@Test
	void burstBelowOneFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.burst", "must be from 1 to 1000000000",
				"ratelimit.tiers.free.limits.per-minute.burst=0");
	}

	@Test
	void unknownAlgorithmFailsNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.tiers.free.limits.per-minute.algorithm=leaky-bucket")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseMessage("No enum constant dev.ratelimit.core.Algorithm.leaky-bucket")
				// how deep depends on which bean first needs the properties
				.hasStackTraceContaining("BindException: Failed to bind properties under "
						+ "'ratelimit.tiers.free.limits.per-minute.algorithm' to dev.ratelimit.core.Algorithm"));
	}

	@Test
	void expectedNodesBelowOneFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.fallback.expected-nodes", "Expected nodes must be at least 1",
				"ratelimit.fallback.expected-nodes=0");
	}

	@Test
	void maxKeysBelowOneFailsNamingThePropertyOnTheRedisBackendToo() {
		assertStartupFailure("ratelimit.local.max-keys", "must be at least 1", "ratelimit.local.max-keys=0");
	}

	@Test
	void tierWhereOnlySomeLimitsLeaseFailsNamingTheLimitThatDoesNot() {
		assertStartupFailure("ratelimit.tiers.hot.limits.per-day.lease", "limit 'per-day' must lease too",
				"ratelimit.tiers.hot.limits.per-second.limit=100", "ratelimit.tiers.hot.limits.per-second.period=1s",
				"ratelimit.tiers.hot.limits.per-second.lease=20", "ratelimit.tiers.hot.limits.per-day.limit=10000",
				"ratelimit.tiers.hot.limits.per-day.period=1d");
	}

	@Test
	void ruleNamingAnUnknownTierFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.filter.rules[0].tier", "names unknown tier",
				"ratelimit.filter.rules[0].paths=/api/**", "ratelimit.filter.rules[0].tier=gold");
	}

	@Test
	void rulesWithTheFilterTurnedOffFailNamingTheSwitch() {
		assertStartupFailure("ratelimit.filter.enabled", "would never apply", "ratelimit.filter.enabled=false",
				"ratelimit.filter.rules[0].paths=/api/**", "ratelimit.filter.rules[0].tier=free");
	}

	@Test
	void keyPrefixWithBracesFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.key.prefix", "must not contain", "ratelimit.key.prefix=rl{x}:");
	}

	@Test
	void denyCacheAndLeasesBindPerTierAndLimit() {
		this.runner.withPropertyValues("ratelimit.tiers.hot.deny-cache=true",
				"ratelimit.tiers.hot.limits.per-second.limit=100", "ratelimit.tiers.hot.limits.per-second.period=1s",
				"ratelimit.tiers.hot.limits.per-second.lease=20", "ratelimit.tiers.hot.limits.per-day.limit=10000",
				"ratelimit.tiers.hot.limits.per-day.period=1d", "ratelimit.tiers.hot.limits.per-day.algorithm=gcra",
				"ratelimit.tiers.hot.limits.per-day.lease=10", "ratelimit.tiers.hot.limits.per-day.lease-ttl=500ms")
			.run((context) -> {
				TierRegistry registry = context.getBean(TierRegistry.class);
				Tier hot = registry.require("hot");
				assertThat(hot.denyCache()).isTrue();
				assertThat(hot.leaseSize()).isEqualTo(10);
				assertThat(hot.leaseLifetime()).isEqualTo(Duration.ofMillis(500));
				assertThat(hot.limits().get(0).leaseTtl()).isEqualTo(Duration.ofSeconds(1));
				Tier free = registry.require("free");
				assertThat(free.denyCache()).isFalse();
				assertThat(free.leaseSize()).isZero();
			});
	}

	@Test
	void leaseOnAWindowAlgorithmFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.lease",
				"only token-bucket and gcra limits can lease", "ratelimit.tiers.free.limits.per-minute.lease=5",
				"ratelimit.tiers.free.limits.per-minute.algorithm=fixed-window");
	}

	@Test
	void leaseAboveTheBurstFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.lease", "must be at most the burst (60)",
				"ratelimit.tiers.free.limits.per-minute.lease=61");
	}

	@Test
	void negativeLeaseFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.lease", "must be at least 0",
				"ratelimit.tiers.free.limits.per-minute.lease=-1");
	}

	@Test
	void leaseOnOnlySomeLimitsOfATierFailsNamingTheOther() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-day.lease", "either all of them lease or none does",
				"ratelimit.tiers.free.limits.per-minute.lease=5", "ratelimit.tiers.free.limits.per-day.limit=1000",
				"ratelimit.tiers.free.limits.per-day.period=1d");
	}

	@Test
	void leaseTtlWithoutALeaseFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.lease-ttl", "applies only to a limit that leases",
				"ratelimit.tiers.free.limits.per-minute.lease-ttl=1s");
	}

	@Test
	void leaseTtlBelowOneMillisecondFailsNamingTheProperty() {
		assertStartupFailure("ratelimit.tiers.free.limits.per-minute.lease-ttl", "must be at least 1ms",
				"ratelimit.tiers.free.limits.per-minute.lease=5",
				"ratelimit.tiers.free.limits.per-minute.lease-ttl=0s");
	}

	private void assertStartupFailure(String property, String reason, String... properties) {
		StartupFailures.assertStartupFailure(this.runner, property, reason, properties);
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomLimiter {

		static final RateLimiter LIMITER = new RateLimiter() {
			@Override
			public Decision evaluate(DecisionRequest request) {
				throw new UnsupportedOperationException();
			}
		};

		@Bean
		RateLimiter customLimiter() {
			return LIMITER;
		}

	}

}
