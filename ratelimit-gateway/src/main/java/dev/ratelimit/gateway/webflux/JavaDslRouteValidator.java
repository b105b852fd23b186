package dev.ratelimit.gateway.webflux;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.ratelimit.gateway.HeldReferences;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.CachingRouteLocator;
import org.springframework.cloud.gateway.route.CompositeRouteLocator;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.route.RouteLocator;

/**
 * Fails startup on a route of the Java DSL whose {@code RequestRateLimiter} filter
 * applies the {@link TierRateLimiter} without a tier for that route (the bare
 * {@code tierRateLimiter} bean rather than {@link TierRateLimiter#forTier}), or with a
 * tier that {@code ratelimit.tiers} does not declare, naming the route. It reads the
 * routes the application's {@link RouteLocator}s built, so what it accepts is what runs;
 * the configured routes are checked from their definitions by
 * {@link RouteDefinitionTierValidator}.
 */
class JavaDslRouteValidator implements SmartInitializingSingleton {

	private final ListableBeanFactory beans;

	JavaDslRouteValidator(ListableBeanFactory beans) {
		this.beans = beans;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (RouteLocator locator : this.beans.getBeansOfType(RouteLocator.class).values()) {
			// the gateway's own locators: the configured routes, and composites of all
			if (locator instanceof CachingRouteLocator || locator instanceof CompositeRouteLocator
					|| locator instanceof RouteDefinitionRouteLocator) {
				continue;
			}
			// on the thread starting the application, never an event loop; a locator
			// that fails is the gateway's to report
			List<Route> routes = locator.getRoutes()
				.onErrorResume(RuntimeException.class, (ex) -> Flux.empty())
				.collectList()
				.block(Duration.ofSeconds(30));
			for (Route route : (routes != null) ? routes : List.<Route>of()) {
				Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
				for (GatewayFilter filter : route.getFilters()) {
					check(route.getId(), filter, seen);
				}
			}
		}
	}

	private static void check(String routeId, Object node, Set<Object> seen) {
		if (!seen.add(node)) {
			return;
		}
		if (node instanceof TierRateLimiter limiter) {
			limiter.checkRoute(routeId);
			return;
		}
		for (Object held : HeldReferences.of(node,
				(value) -> value instanceof GatewayFilter || value instanceof TierRateLimiter)) {
			check(routeId, held, seen);
		}
	}

}
