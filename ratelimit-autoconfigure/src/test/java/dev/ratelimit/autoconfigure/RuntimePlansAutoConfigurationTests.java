package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.web.PlanLimit;
import dev.ratelimit.web.PlanLimitsResolver;
import dev.ratelimit.web.RuntimePlans;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimePlansAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.pro.limits.per-minute.limit=600",
				"ratelimit.tiers.pro.limits.per-minute.period=1m");

	@Test
	void withoutAResolverEveryTierKeepsItsConfiguredLimits() {
		this.runner.run((context) -> {
			Tier pro = tier(context.getBean(RuntimePlans.class), "pro");
			assertThat(pro.limits()).singleElement().satisfies((limit) -> assertThat(limit.limit()).isEqualTo(600));
		});
	}

	@Test
	void resolverBeanSuppliesTheLimits() {
		this.runner.withUserConfiguration(TenPerMinute.class).run((context) -> {
			Tier pro = tier(context.getBean(RuntimePlans.class), "pro");
			assertThat(pro.name()).isEqualTo("pro");
			assertThat(pro.limits()).singleElement().satisfies((limit) -> assertThat(limit.limit()).isEqualTo(10));
		});
	}

	@Test
	void invalidLimitsFallBackToTheConfiguredFallbackTier() {
		this.runner.withUserConfiguration(Invalid.class)
			.withPropertyValues("ratelimit.plans.fallback-tier=free")
			.run((context) -> assertThat(tier(context.getBean(RuntimePlans.class), "pro").name()).isEqualTo("free"));
	}

	@Test
	void nullOrOverflowingLimitsFallBackInsteadOfFailingTheRequest() {
		List<PlanLimit> withNull = new ArrayList<>();
		withNull.add(null);
		RuntimePlans nulls = new RuntimePlans((request, tier) -> withNull, null, (tier) -> false);
		assertThat(tier(nulls, "pro").limits()).singleElement()
			.satisfies((limit) -> assertThat(limit.limit()).isEqualTo(600));
		RuntimePlans ages = new RuntimePlans(
				(request, tier) -> List.of(PlanLimit.of("per-age", 10, Duration.ofSeconds(Long.MAX_VALUE / 10))), null,
				(tier) -> false);
		assertThat(tier(ages, "pro").limits()).singleElement()
			.satisfies((limit) -> assertThat(limit.limit()).isEqualTo(600));
	}

	@Test
	void aPurposeTierKeepsItsConfiguredLimitsWhateverTheResolverSays() {
		RuntimePlans plans = new RuntimePlans(
				(request, tier) -> List.of(PlanLimit.of("per-minute", 10_000, Duration.ofMinutes(1))), null,
				(tier) -> false);
		Tier login = TestTiers.of("login", List.of(LimitSpec.of("per-minute", 5, Duration.ofMinutes(1))));
		assertThat(plans.apply(new MockHttpServletRequest(), login, null, "client")).isSameAs(login);
		assertThat(tier(plans, "pro").limits()).singleElement()
			.satisfies((limit) -> assertThat(limit.limit()).isEqualTo(10_000));
	}

	@Test
	void aSlidingLogOnATierChargedAfterTheResponseIsRefusedAsThatTierCouldNotGiveUnitsBack() {
		List<PlanLimit> log = List
			.of(new PlanLimit("per-minute", 10, Duration.ofMinutes(1), null, "sliding-window-log", null, null));
		RuntimePlans charged = new RuntimePlans((request, tier) -> log, null, "pro"::equals);
		assertThat(tier(charged, "pro").limits()).singleElement()
			.satisfies((limit) -> assertThat(limit.limit()).isEqualTo(600));
		RuntimePlans plain = new RuntimePlans((request, tier) -> log, null, (tier) -> false);
		assertThat(tier(plain, "pro").limits()).singleElement()
			.satisfies((limit) -> assertThat(limit.algorithm()).isEqualTo(Algorithm.SLIDING_WINDOW_LOG));
	}

	@Test
	void unknownFallbackTierStopsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.plans.fallback-tier=gold")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("ratelimit.plans.fallback-tier")
				.hasMessageContaining("known tiers: [free, pro]"));
	}

	private static Tier tier(RuntimePlans plans, String name) {
		// a plan tier: runtime limits replace only a plan's
		Tier configured = new Tier(name, List.of(LimitSpec.of("per-minute", 600, Duration.ofMinutes(1))),
				FailurePolicy.LOCAL, false, false, true);
		return plans.apply(new MockHttpServletRequest(), configured, null, "client");
	}

	@Configuration(proxyBeanMethods = false)
	static class TenPerMinute {

		@Bean
		PlanLimitsResolver planLimitsResolver() {
			return (request, tier) -> List.of(PlanLimit.of("per-minute", 10, Duration.ofMinutes(1)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Invalid {

		@Bean
		PlanLimitsResolver planLimitsResolver() {
			return (request, tier) -> List.of(PlanLimit.of("per-minute", 0, Duration.ofMinutes(1)));
		}

	}

}
