package dev.ratelimit.gateway.webflux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.gateway.RouteTierCheck;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.support.NameUtils;

/**
 * Fails startup on a configured route, or a filter of
 * {@code spring.cloud.gateway.server.webflux.default-filters}, whose {@code RateLimit}
 * filter names a tier that {@code ratelimit.tiers} does not declare or a cost below 1, or
 * whose {@code RequestRateLimiter} filter uses the {@link TierRateLimiter} without a
 * declared tier or names a tier for another rate limiter, naming the route and the tier.
 * The gateway itself would only log such a route and leave it out (or stop routing
 * altogether, as {@code fail-on-route-definition-error} decides), well after startup. A
 * route of the Java DSL fails when its {@code RateLimit} filter is built, at startup
 * already; its {@code RequestRateLimiter} is checked by {@link JavaDslRouteValidator}.
 */
class RouteDefinitionTierValidator implements SmartInitializingSingleton {

	private static final String FILTER = NameUtils.normalizeFilterFactoryName(RateLimitGatewayFilterFactory.class);

	private static final String REQUEST_RATE_LIMITER = NameUtils
		.normalizeFilterFactoryName(RequestRateLimiterGatewayFilterFactory.class);

	private static final String OUR_LIMITER = "#{@" + TierRateLimiter.BEAN_NAME + "}";

	private static final String TIER_ARG = TierRateLimiter.CONFIGURATION_PROPERTY_NAME + ".tier";

	private static final String COST_ARG = TierRateLimiter.CONFIGURATION_PROPERTY_NAME + ".cost";

	private final ObjectProvider<RouteDefinitionLocator> definitions;

	private final ObjectProvider<GatewayProperties> gateway;

	private final RouteTierCheck tiers;

	private final BeanFactory beans;

	RouteDefinitionTierValidator(ObjectProvider<RouteDefinitionLocator> definitions,
			ObjectProvider<GatewayProperties> gateway, TierRegistry registry, BeanFactory beans) {
		this.definitions = definitions;
		this.gateway = gateway;
		this.tiers = new RouteTierCheck(registry);
		this.beans = beans;
	}

	@Override
	public void afterSingletonsInstantiated() {
		GatewayProperties properties = this.gateway.getIfAvailable();
		if (properties != null) {
			for (FilterDefinition filter : properties.getDefaultFilters()) {
				check(GatewayProperties.PREFIX + ".default-filters", filter);
			}
		}
		RouteDefinitionLocator locator = this.definitions.getIfAvailable();
		if (locator == null) {
			return;
		}
		// on the thread starting the application, never an event loop
		List<RouteDefinition> routes = locator.getRouteDefinitions().collectList().block(Duration.ofSeconds(30));
		for (RouteDefinition route : (routes != null) ? routes : List.<RouteDefinition>of()) {
			for (FilterDefinition filter : route.getFilters()) {
				check("route '" + route.getId() + "'", filter);
			}
		}
	}

	private void check(String where, FilterDefinition filter) {
		if (FILTER.equals(filter.getName())) {
			Map<String, String> args = filter.getArgs();
			String tier = args.getOrDefault("tier", args.get(NameUtils.generateName(0)));
			String cost = args.getOrDefault("cost", args.get(NameUtils.generateName(1)));
			this.tiers.check("RateLimit filter of " + where, tier, cost);
		}
		else if (REQUEST_RATE_LIMITER.equals(filter.getName())) {
			checkRequestRateLimiter("RequestRateLimiter of " + where, filter.getArgs());
		}
	}

	private void checkRequestRateLimiter(String filter, Map<String, String> args) {
		boolean ours = args.entrySet()
			.stream()
			.anyMatch((arg) -> arg.getKey().replace("-", "").equalsIgnoreCase("rateLimiter")
					&& OUR_LIMITER.equals(arg.getValue().replace(" ", "")));
		String tier = args.get(TIER_ARG);
		if (!ours) {
			if (tier != null) {
				throw new IllegalStateException(filter + " names tier '" + tier + "' (" + TIER_ARG
						+ ") but not the rate limiter that applies it: rate-limiter: \"" + OUR_LIMITER + "\"");
			}
			return;
		}
		// by name, as the route's expression finds it: it is no default candidate
		if (!this.beans.containsBean(TierRateLimiter.BEAN_NAME)) {
			throw new IllegalStateException(filter + " names " + OUR_LIMITER + ", which is not defined");
		}
		if (tier == null) {
			throw new IllegalStateException(filter + " names no tier (" + TIER_ARG + ")");
		}
		this.tiers.check(filter, tier, args.get(COST_ARG));
	}

}
