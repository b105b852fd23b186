package dev.ratelimit.gateway.mvc;

import dev.ratelimit.autoconfigure.RateLimitWebAutoConfiguration;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.RateLimitEnforcer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.servlet.function.HandlerFilterFunction;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code RateLimit} filter of
 * Spring Cloud Gateway server-webmvc routes: the enforcer the filters apply their tiers
 * with, and the startup check of the tiers the routes name.
 */
@AutoConfiguration(after = RateLimitWebAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ GatewayServerMvcAutoConfiguration.class, HandlerFilterFunction.class })
@ConditionalOnBean(RateLimitEnforcer.class)
public final class GatewayMvcRateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RouteEnforcer rateLimitRouteEnforcer(RateLimitEnforcer enforcer) {
		return new RouteEnforcer(enforcer);
	}

	// eager even in a lazily initialised application: it is the startup check
	@Bean
	@Lazy(false)
	RouteTierValidator rateLimitRouteTierValidator(ListableBeanFactory beanFactory, TierRegistry registry) {
		return new RouteTierValidator(beanFactory, registry);
	}

}
