package dev.ratelimit.gateway.mvc;

import java.util.Map;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.gateway.RouteTierCheck;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.servlet.function.RouterFunction;

/**
 * Fails startup on a route whose {@code RateLimit} filter names a tier that
 * {@code ratelimit.tiers} does not declare, or a cost below 1, naming the route: the
 * routes checked are the router functions the application built, those of the gateway's
 * configuration and of the Java DSL alike.
 */
class RouteTierValidator implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final RouteTierCheck tiers;

	RouteTierValidator(ListableBeanFactory beanFactory, TierRegistry registry) {
		this.beanFactory = beanFactory;
		this.tiers = new RouteTierCheck(registry);
	}

	@Override
	public void afterSingletonsInstantiated() {
		@SuppressWarnings("rawtypes")
		Map<String, RouterFunction> functions = this.beanFactory.getBeansOfType(RouterFunction.class);
		functions.forEach((name, function) -> {
			for (RouteLimitFinder.RouteLimit found : RouteLimitFinder.find(name, function)) {
				this.tiers.check("RateLimit filter of " + found.route(), found.limit().tier(), found.limit().cost());
			}
		});
	}

}
