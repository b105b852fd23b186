package dev.ratelimit.autoconfigure;

import dev.ratelimit.redis.LimiterCommandsObservationPredicate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class LimiterCommandsObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class,
				RateLimitMetricsAutoConfiguration.class))
		.withUserConfiguration(Registry.class)
		.withPropertyValues("ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void leavesTheLimitersScriptsOutOfLettuceObservationsOnTheRedisBackend() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LimiterCommandsObservationPredicate.class));
	}

	@Test
	void letsObservationsThatAreNotLettuceCommandsThrough() {
		this.runner.run((context) -> assertThat(context.getBean(LimiterCommandsObservationPredicate.class)
			.test("http.server.requests", new Observation.Context())).isTrue());
	}

	@Test
	void backsOffOnTheLocalBackend() {
		this.runner.withPropertyValues("ratelimit.backend=local")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LimiterCommandsObservationPredicate.class));
	}

	@Test
	void backsOffWithoutLettuceTracing() {
		this.runner.withClassLoader(new FilteredClassLoader("io.lettuce.core.tracing"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LimiterCommandsObservationPredicate.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		LimiterCommandsObservationPredicate own = new LimiterCommandsObservationPredicate("own:");
		this.runner.withBean(LimiterCommandsObservationPredicate.class, () -> own)
			.run((context) -> assertThat(context).getBean(LimiterCommandsObservationPredicate.class).isSameAs(own));
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
