package dev.ratelimit.gateway.webflux;

import dev.ratelimit.autoconfigure.RateLimitWebFluxAutoConfiguration;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.webflux.ReactiveEnforcer;
import dev.ratelimit.webflux.RejectionResponses;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code RateLimit} filter of
 * Spring Cloud Gateway server-webflux routes, and the startup check of the tiers the
 * configured routes name.
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

	// eager even in a lazily initialised application: it is the startup check
	@Bean
	@Lazy(false)
	RouteDefinitionTierValidator rateLimitRouteDefinitionTierValidator(
			ObjectProvider<RouteDefinitionLocator> definitions, ObjectProvider<GatewayProperties> gateway,
			TierRegistry registry, BeanFactory beans) {
		return new RouteDefinitionTierValidator(definitions, gateway, registry, beans);
	}

}
