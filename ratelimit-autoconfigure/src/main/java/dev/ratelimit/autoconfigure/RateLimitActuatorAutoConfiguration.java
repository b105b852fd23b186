package dev.ratelimit.autoconfigure;

import dev.ratelimit.actuate.RateLimitHealthIndicator;
import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.resilience.FailSafeRateLimiter;
import dev.ratelimit.resilience.ForgettingRateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code ratelimits} actuator endpoint and the limiter's health
 * indicator.
 */
@AutoConfiguration(after = RateLimitAutoConfiguration.class)
@ConditionalOnBean({ RateLimiter.class, CircuitBreaker.class })
public final class RateLimitActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		RateLimitsEndpoint rateLimitsEndpoint(TierRegistry registry, RateLimiter limiter,
				CircuitBreaker rateLimitCircuitBreaker, ObjectProvider<FailSafeRateLimiter> node, ClientKeys keys,
				ClientAddresses addresses) {
			FailSafeRateLimiter guarded = node.getIfUnique();
			RateLimiter administered = (guarded != null) ? new ForgettingRateLimiter(limiter, guarded) : limiter;
			return new RateLimitsEndpoint(registry, administered, rateLimitCircuitBreaker, keys, addresses);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		// on the method: its condition class is absent when the class condition fails
		@Bean
		@ConditionalOnEnabledHealthIndicator("ratelimit")
		@ConditionalOnMissingBean(name = "ratelimitHealthIndicator")
		RateLimitHealthIndicator ratelimitHealthIndicator(CircuitBreaker rateLimitCircuitBreaker,
				RateLimitProperties properties) {
			return new RateLimitHealthIndicator(rateLimitCircuitBreaker,
					properties.getBackend().name().toLowerCase(java.util.Locale.ROOT));
		}

	}

}
