package dev.ratelimit.autoconfigure;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.metrics.CircuitBreakerStateMetrics;
import dev.ratelimit.metrics.InFlightPermitsMetrics;
import dev.ratelimit.metrics.MicrometerRateLimitObserver;
import dev.ratelimit.redis.LimiterCommandsObservationPredicate;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the limiter's Micrometer metrics, when Micrometer and a
 * {@link MeterRegistry} are present.
 */
@AutoConfiguration(after = RateLimitAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, BackendState.class })
public final class RateLimitMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerRateLimitObserver rateLimitMetricsObserver(MeterRegistry registry) {
		return new MicrometerRateLimitObserver(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerStateMetrics rateLimitCircuitBreakerMetrics(BackendState backendState) {
		return new CircuitBreakerStateMetrics(backendState);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConcurrencyGuard.class)
	InFlightPermitsMetrics rateLimitInFlightMetrics(ConcurrencyGuard guard, ConcurrencyLimits limits) {
		return new InFlightPermitsMetrics(guard, limits);
	}

	/**
	 * Keeps the limiter's scripts out of the Lettuce command observations that Spring
	 * Boot adds when an observation registry is present.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.observation.ObservationPredicate",
			"io.lettuce.core.tracing.LettuceObservationContext" })
	@ConditionalOnProperty(name = "ratelimit.backend", havingValue = "redis", matchIfMissing = true)
	static class LettuceObservationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LimiterCommandsObservationPredicate rateLimitCommandsObservationPredicate(RateLimitProperties properties) {
			return new LimiterCommandsObservationPredicate(properties.getKey().getPrefix());
		}

	}

}
