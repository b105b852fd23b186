package dev.ratelimit.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's breakers run {@code ratelimit.circuit-breaker.*} in the application's own
 * Resilience4j registry: its default configuration does not replace them, and a breaker
 * of the limiter's name already in it stops startup naming it.
 */
class ApplicationBreakerRegistryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.circuit-breaker.failure-rate-threshold=25",
				"ratelimit.circuit-breaker.wait-in-open-state=7s", "ratelimit.circuit-breaker.wait-jitter=0");

	@Test
	void theApplicationsDefaultConfigurationDoesNotReplaceTheLimitersProperties() {
		this.runner.withUserConfiguration(DefaultConfiguredRegistry.class).run((context) -> {
			CircuitBreaker breaker = context.getBean(CircuitBreaker.class);
			assertThat(breaker.getCircuitBreakerConfig().getFailureRateThreshold()).isEqualTo(25f);
			assertThat(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
				.isEqualTo(7000L);
			assertThat(context.getBean(CircuitBreakerRegistry.class).find("ratelimit-redis")).containsSame(breaker);
		});
	}

	@Test
	void aBreakerOfTheLimitersNameInTheApplicationsRegistryStopsStartupNamingIt() {
		this.runner.withUserConfiguration(RegistryWithTheLimitersBreaker.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("circuit breaker named 'ratelimit-redis'")
				.hasMessageContaining("ratelimit.circuit-breaker.*"));
	}

	private static CircuitBreakerConfig foreign() {
		return CircuitBreakerConfig.custom()
			.failureRateThreshold(90)
			.waitDurationInOpenState(Duration.ofSeconds(1))
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class DefaultConfiguredRegistry {

		@Bean
		CircuitBreakerRegistry circuitBreakerRegistry() {
			return CircuitBreakerRegistry.of(foreign());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryWithTheLimitersBreaker {

		@Bean
		CircuitBreakerRegistry circuitBreakerRegistry() {
			CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
			registry.circuitBreaker("ratelimit-redis", foreign());
			return registry;
		}

	}

}
