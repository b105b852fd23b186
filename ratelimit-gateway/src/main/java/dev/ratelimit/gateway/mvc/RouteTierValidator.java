package dev.ratelimit.gateway.mvc;

import java.util.Map;

import dev.ratelimit.core.TierRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.servlet.function.RouterFunction;

/**
 * Fails startup on a route whose {@code RateLimit} filter names a tier that
 * {@code ratelimit.tiers} does not declare, naming the route and the tier: the routes
 * checked are the router functions the application built, those of the gateway's
 * configuration and of the Java DSL alike.
 */
class RouteTierValidator implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final TierRegistry registry;

	RouteTierValidator(ListableBeanFactory beanFactory, TierRegistry registry) {
		this.beanFactory = beanFactory;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		@SuppressWarnings("rawtypes")
		Map<String, RouterFunction> functions = this.beanFactory.getBeansOfType(RouterFunction.class);
		functions.forEach((name, function) -> {
			for (RouteLimitFinder.RouteLimit found : RouteLimitFinder.find(name, function)) {
				String tier = found.limit().tier();
				if (!this.registry.contains(tier)) {
					throw new IllegalStateException("RateLimit filter of " + found.route() + " names unknown tier '"
							+ tier + "'; configured tiers (ratelimit.tiers): " + this.registry.names());
				}
			}
		});
	}

}
