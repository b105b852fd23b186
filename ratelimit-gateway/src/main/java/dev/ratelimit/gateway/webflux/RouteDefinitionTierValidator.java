package dev.ratelimit.gateway.webflux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.TierRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.support.NameUtils;

/**
 * Fails startup on a configured route whose {@code RateLimit} filter names a tier that
 * {@code ratelimit.tiers} does not declare, naming the route and the tier. The gateway
 * itself would only log such a route and leave it out (or stop routing altogether, as
 * {@code fail-on-route-definition-error} decides), well after startup; a route of the
 * Java DSL fails when its filter is built, at startup already.
 */
class RouteDefinitionTierValidator implements SmartInitializingSingleton {

	private static final String FILTER = NameUtils.normalizeFilterFactoryName(RateLimitGatewayFilterFactory.class);

	private final ObjectProvider<RouteDefinitionLocator> definitions;

	private final TierRegistry registry;

	RouteDefinitionTierValidator(ObjectProvider<RouteDefinitionLocator> definitions, TierRegistry registry) {
		this.definitions = definitions;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		RouteDefinitionLocator locator = this.definitions.getIfAvailable();
		if (locator == null) {
			return;
		}
		// on the thread starting the application, never an event loop
		List<RouteDefinition> routes = locator.getRouteDefinitions().collectList().block(Duration.ofSeconds(30));
		for (RouteDefinition route : (routes != null) ? routes : List.<RouteDefinition>of()) {
			for (FilterDefinition filter : route.getFilters()) {
				if (FILTER.equals(filter.getName())) {
					check(route.getId(), filter.getArgs());
				}
			}
		}
	}

	private void check(String route, Map<String, String> args) {
		String tier = args.getOrDefault("tier", args.get(NameUtils.generateName(0)));
		if (tier == null || !this.registry.contains(tier)) {
			throw new IllegalStateException("RateLimit filter of route '" + route + "' names unknown tier '" + tier
					+ "'; configured tiers (ratelimit.tiers): " + this.registry.names());
		}
	}

}
