package dev.ratelimit.autoconfigure;

import dev.ratelimit.actuate.RateLimitHealthIndicator;
import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class RateLimitActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m",
				"management.endpoints.web.exposure.include=ratelimits");

	@Test
	void endpointAndHealthIndicatorAreConfigured() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RateLimitsEndpoint.class).hasSingleBean(RateLimitHealthIndicator.class);
			assertThat(context).getBean("ratelimitHealthIndicator").isInstanceOf(RateLimitHealthIndicator.class);
		});
	}

	@Test
	void endpointIsLeftOutWhenNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitsEndpoint.class)
				.hasSingleBean(RateLimitHealthIndicator.class));
	}

	@Test
	void healthIndicatorIsLeftOutWhenDisabled() {
		this.runner.withPropertyValues("management.health.ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RateLimitHealthIndicator.class)
				.hasSingleBean(RateLimitsEndpoint.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(RateLimitsEndpoint.class).doesNotHaveBean(RateLimitHealthIndicator.class);
			assertThat(context.getBean(RateLimitsEndpoint.class)).isSameAs(context.getBean(UserBeans.class).endpoint);
			assertThat(context.getBean("ratelimitHealthIndicator", HealthIndicator.class).health())
				.isEqualTo(UserBeans.HEALTH);
		});
	}

	@Test
	void endpointIsLeftOutWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RateLimitsEndpoint.class)
				.hasSingleBean(RateLimitHealthIndicator.class));
	}

	@Test
	void healthIndicatorIsLeftOutWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RateLimitHealthIndicator.class)
				.hasSingleBean(RateLimitsEndpoint.class));
	}

	@Test
	void nothingIsConfiguredWithoutActuatorAndHealth() {
		this.runner
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RateLimitsEndpoint.class)
				.doesNotHaveBean(RateLimitHealthIndicator.class));
	}

	@Test
	void backsOffWithoutALimiter() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=ratelimits")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RateLimitsEndpoint.class)
				.doesNotHaveBean(RateLimitHealthIndicator.class));
	}

	@Test
	void healthOfAFailedWarmUpNamesAReasonCodeNeverTheHostPortOrMessage() {
		int port;
		try (RedisProcess gone = RedisProcess.start()) {
			port = gone.endpoint().port();
		}
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class,
					RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("ratelimit.tiers.free.limits.per-minute.limit=60",
					"ratelimit.tiers.free.limits.per-minute.period=1m", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + port, "ratelimit.redis.warm-up-timeout=1s")
			.run((context) -> {
				Health health = context.getBean(RateLimitHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(RateLimitHealthIndicator.DEGRADED);
				assertThat(health.getDetails()).containsOnlyKeys("backend", "circuitBreaker", "failureRate", "warmUp")
					.containsEntry("backend", "redis");
				assertThat(health.getDetails().get("warmUp")).isIn("timeout", "error");
				assertThat(health.getDetails().toString()).doesNotContain("127.0.0.1", String.valueOf(port));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final Health HEALTH = Health.up().withDetail("owner", "application").build();

		final RateLimitsEndpoint endpoint = mock(RateLimitsEndpoint.class);

		@Bean
		RateLimitsEndpoint userRateLimitsEndpoint() {
			return this.endpoint;
		}

		@Bean
		HealthIndicator ratelimitHealthIndicator() {
			return () -> HEALTH;
		}

	}

}
