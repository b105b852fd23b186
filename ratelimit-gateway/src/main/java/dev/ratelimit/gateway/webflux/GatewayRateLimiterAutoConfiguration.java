package dev.ratelimit.gateway.webflux;

import dev.ratelimit.autoconfigure.RateLimitWebFluxAutoConfiguration;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.webflux.ExchangeClients;
import dev.ratelimit.webflux.ReactiveEnforcer;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.gateway.filter.ratelimit.AbstractRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link TierRateLimiter} and
 * the {@link CallerKeyResolver} that Spring Cloud Gateway's {@code RequestRateLimiter}
 * filter takes by name ({@code rate-limiter: "#{@tierRateLimiter}"}, {@code key-resolver:
 * "#{@callerKeyResolver}"}). Neither is a default candidate, and both are defined after
 * the gateway's own auto-configuration: the filter's defaults (the gateway's
 * {@code RedisRateLimiter} and its {@code KeyResolver}) and the routes using them stay as
 * they are.
 */
@AutoConfiguration(after = RateLimitWebFluxAutoConfiguration.class,
		afterName = "org.springframework.cloud.gateway.config.GatewayAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(AbstractRateLimiter.class)
@ConditionalOnBean(ReactiveEnforcer.class)
public final class GatewayRateLimiterAutoConfiguration {

	@Bean(name = TierRateLimiter.BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = TierRateLimiter.BEAN_NAME)
	TierRateLimiter tierRateLimiter(ReactiveEnforcer enforcer, TierRegistry registry,
			ObjectProvider<ConfigurationService> configurationService) {
		return new TierRateLimiter(enforcer, registry, configurationService.getIfAvailable());
	}

	@Bean(name = CallerKeyResolver.BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = CallerKeyResolver.BEAN_NAME)
	CallerKeyResolver callerKeyResolver(ExchangeClients clients) {
		return new CallerKeyResolver(clients);
	}

	// eager even in a lazily initialised application: it is the startup check
	@Bean
	@Lazy(false)
	JavaDslRouteValidator rateLimitJavaDslRouteValidator(ListableBeanFactory beans) {
		return new JavaDslRouteValidator(beans);
	}

	// the TierRateLimiter reads the exchange from the Reactor context this filter writes
	@Bean
	@ConditionalOnMissingBean
	ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
		return new ServerWebExchangeContextFilter();
	}

}
