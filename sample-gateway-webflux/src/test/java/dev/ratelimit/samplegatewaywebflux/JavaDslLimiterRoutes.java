package dev.ratelimit.samplegatewaywebflux;

import java.util.function.UnaryOperator;

import dev.ratelimit.gateway.webflux.CallerKeyResolver;
import dev.ratelimit.gateway.webflux.RouteTier;
import dev.ratelimit.gateway.webflux.TierRateLimiter;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * Routes of the Java DSL through Spring Cloud Gateway's {@code RequestRateLimiter} and
 * the starter's rate limiter, each from {@code /<id>/**} to the sample's own backend,
 * added to a test gateway as a source of its application: {@code test.dsl.tier} names the
 * tier of route {@code dsl} ({@link TierRateLimiter#forTier}), {@code test.dsl.spec-tier}
 * that of route {@code spec} (the gateway's {@code RequestRateLimiterSpec}), and
 * {@code test.dsl.bare=true} adds route {@code bare}, which gives the filter the bare
 * {@code tierRateLimiter} bean.
 */
class JavaDslLimiterRoutes {

	@Bean
	@ConditionalOnProperty("test.dsl.tier")
	RouteLocator dslRoute(RouteLocatorBuilder routes, @Qualifier(TierRateLimiter.BEAN_NAME) TierRateLimiter limiter,
			@Qualifier(CallerKeyResolver.BEAN_NAME) CallerKeyResolver keys, @Value("${test.dsl.tier}") String tier,
			@Value("${sample.backend-uri}") String backend) {
		return route(routes, "dsl", backend, (filters) -> filters
			.requestRateLimiter((config) -> config.setRateLimiter(limiter.forTier(tier, 1)).setKeyResolver(keys)));
	}

	@Bean
	@ConditionalOnProperty("test.dsl.spec-tier")
	RouteLocator specRoute(RouteLocatorBuilder routes, @Qualifier(TierRateLimiter.BEAN_NAME) TierRateLimiter limiter,
			@Qualifier(CallerKeyResolver.BEAN_NAME) CallerKeyResolver keys, @Value("${test.dsl.spec-tier}") String tier,
			@Value("${sample.backend-uri}") String backend) {
		return route(routes, "spec", backend,
				(filters) -> filters.requestRateLimiter()
					.rateLimiter(TierRateLimiter.class, (RouteTier config) -> config.setTier(tier))
					.configure((config) -> config.setRateLimiter(limiter).setKeyResolver(keys)));
	}

	@Bean
	@ConditionalOnProperty("test.dsl.bare")
	RouteLocator bareRoute(RouteLocatorBuilder routes, @Qualifier(TierRateLimiter.BEAN_NAME) TierRateLimiter limiter,
			@Value("${sample.backend-uri}") String backend) {
		return route(routes, "bare", backend,
				(filters) -> filters.requestRateLimiter((config) -> config.setRateLimiter(limiter)));
	}

	private static RouteLocator route(RouteLocatorBuilder routes, String id, String backend,
			UnaryOperator<GatewayFilterSpec> limiter) {
		return routes.routes()
			.route(id,
					(route) -> route.path("/" + id + "/**")
						.filters((filters) -> limiter.apply(filters).prefixPath("/backend"))
						.uri(backend))
			.build();
	}

}
