package dev.ratelimit.autoconfigure;

import java.util.Locale;

import dev.ratelimit.actuate.ApiKeysSanitizingFunction;
import dev.ratelimit.actuate.RateLimitHealthIndicator;
import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.resilience.ForgettingRateLimiter;

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
 * Auto-configuration of the {@code ratelimits} actuator endpoint, the limiter's health
 * indicator, and the masking of listed API keys ({@code ratelimit.tiers.*.api-keys}) in
 * actuator's {@code env} and {@code configprops}.
 */
@AutoConfiguration(after = RateLimitAutoConfiguration.class)
@ConditionalOnBean({ RateLimiter.class, BackendState.class })
public final class RateLimitActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		RateLimitsEndpoint rateLimitsEndpoint(TierRegistry registry, RateLimiter limiter, BackendState backendState,
				ObjectProvider<RateLimitGuard> node, ClientKeys keys, ClientAddresses addresses,
				ObjectProvider<Fleet> fleet, ConcurrencyLimits concurrency) {
			RateLimitGuard guarded = node.getIfUnique();
			RateLimiter administered = (guarded != null) ? new ForgettingRateLimiter(limiter, guarded) : limiter;
			// a limiter without a fleet is one node, configured
			return new RateLimitsEndpoint(registry, administered, backendState, keys, addresses,
					fleet.getIfAvailable(() -> Fleet.of(1)), concurrency);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ApiKeysSanitizingFunction apiKeysSanitizingFunction() {
			return new ApiKeysSanitizingFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		// on the method: its condition class is absent when the class condition fails
		@Bean
		@ConditionalOnEnabledHealthIndicator("ratelimit")
		@ConditionalOnMissingBean(name = "ratelimitHealthIndicator")
		RateLimitHealthIndicator ratelimitHealthIndicator(BackendState backendState, RateLimitProperties properties) {
			return new RateLimitHealthIndicator(backendState, properties.getBackend().name().toLowerCase(Locale.ROOT));
		}

	}

}
