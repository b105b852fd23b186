package dev.ratelimit.autoconfigure;

import dev.ratelimit.metrics.CircuitBreakerStateMetrics;
import dev.ratelimit.metrics.MicrometerRateLimitObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitMetricsAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void metricsAreRecordedWhenARegistryExists() {
		this.runner.withUserConfiguration(Registry.class)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerRateLimitObserver.class)
				.hasSingleBean(CircuitBreakerStateMetrics.class));
	}

	@Test
	void backsOffWithoutARegistry() {
		this.runner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerRateLimitObserver.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerRateLimitObserver.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
