package dev.ratelimit.gateway.webflux;

import dev.ratelimit.autoconfigure.RateLimitWebFluxAutoConfiguration;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.webflux.ReactiveEnforcer;
import dev.ratelimit.webflux.RejectionResponses;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code RateLimit} filter of
 * Spring Cloud Gateway server-webflux routes.
 */
@AutoConfiguration(after = RateLimitWebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(AbstractGatewayFilterFactory.class)
@ConditionalOnBean(ReactiveEnforcer.class)
public final class GatewayWebFluxRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RateLimitGatewayFilterFactory rateLimitGatewayFilterFactory(ReactiveEnforcer enforcer,
			RejectionResponses rejections, TierRegistry registry) {
		return new RateLimitGatewayFilterFactory(enforcer, rejections, registry);
	}

}
