package dev.ratelimit.gateway.mvc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.ratelimit.gateway.HeldReferences;

import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.core.io.Resource;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Finds the {@code RateLimit} filters of built router functions, each with the route it
 * filters, so that startup checks what the routes will apply rather than a second reading
 * of their declarations.
 * <p>
 * A filter is opaque to {@link RouterFunctions.Visitor}, so the functions are walked
 * through the fields holding router and filter functions (Spring's filtered and composed
 * functions, the lambdas composing filters); the routes' ids come from the visitor: the
 * gateway's {@code gatewayRouteId} attribute, and for the routes of the gateway's
 * configuration the {@code gatewayRouterFunctions} attribute mapping each id to its
 * function.
 */
final class RouteLimitFinder {

	private static final String CONFIGURED_ROUTES = "gatewayRouterFunctions";

	private RouteLimitFinder() {
	}

	/**
	 * Find the filters of a router function.
	 * @param name names the function where no route id is known (its bean name)
	 * @param function the function
	 * @return each filter, with the route it filters
	 */
	static List<RouteLimit> find(String name, RouterFunction<?> function) {
		List<RouteLimit> found = new ArrayList<>();
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Map<String, RouterFunction<?>> configured = new RouteAttributes(function).configuredRoutes();
		configured.forEach((id, route) -> walk(route, List.of(), (enclosing) -> "route '" + id + "'", seen, found));
		walk(function, List.of(), (enclosing) -> describe(name, enclosing), seen, found);
		return found;
	}

	/**
	 * Walk a node's functions.
	 * @param node a router or filter function
	 * @param enclosing the router functions holding the node, innermost first
	 * @param route describes the route of a filter, from its enclosing router functions
	 * @param seen the nodes walked already
	 * @param found receives the filters
	 */
	private static void walk(Object node, List<RouterFunction<?>> enclosing,
			Function<List<RouterFunction<?>>, String> route, Set<Object> seen, List<RouteLimit> found) {
		if (!seen.add(node)) {
			return;
		}
		if (node instanceof RouteRateLimit limit) {
			found.add(new RouteLimit(route.apply(enclosing), limit));
			return;
		}
		List<RouterFunction<?>> scope = enclosing;
		if (node instanceof RouterFunction<?> function) {
			scope = new ArrayList<>(enclosing.size() + 1);
			scope.add(function);
			scope.addAll(enclosing);
		}
		for (Object value : HeldReferences.of(node, RouteLimitFinder::isFunction)) {
			walk(value, scope, route, seen, found);
		}
	}

	private static boolean isFunction(Object value) {
		return value instanceof RouterFunction<?> || value instanceof HandlerFilterFunction<?, ?>;
	}

	/**
	 * Name a filter's route: the id of the innermost enclosing function that names route
	 * ids (the gateway puts a route's id outside its filters), else the bean.
	 */
	private static String describe(String name, List<RouterFunction<?>> enclosing) {
		for (RouterFunction<?> function : enclosing) {
			Set<String> ids = new RouteAttributes(function).routeIds();
			if (ids.size() == 1) {
				return "route '" + ids.iterator().next() + "'";
			}
			if (!ids.isEmpty()) {
				return "router function '" + name + "' (routes " + ids + ")";
			}
		}
		return "router function '" + name + "'";
	}

	/**
	 * A filter and the route it filters.
	 *
	 * @param route describes the route in a startup failure
	 * @param limit the filter
	 */
	record RouteLimit(String route, RouteRateLimit limit) {

	}

	/**
	 * Reads the route attributes of a router function.
	 */
	private static final class RouteAttributes implements RouterFunctions.Visitor {

		private final Set<String> routeIds = new LinkedHashSet<>();

		private final Map<String, RouterFunction<?>> configuredRoutes = new LinkedHashMap<>();

		RouteAttributes(RouterFunction<?> function) {
			function.accept(this);
		}

		Set<String> routeIds() {
			return this.routeIds;
		}

		Map<String, RouterFunction<?>> configuredRoutes() {
			return this.configuredRoutes;
		}

		@Override
		public void attributes(Map<String, Object> attributes) {
			if (attributes.get(MvcUtils.GATEWAY_ROUTE_ID_ATTR) instanceof String id) {
				this.routeIds.add(id);
			}
			if (attributes.get(CONFIGURED_ROUTES) instanceof Map<?, ?> routes) {
				routes.forEach((id, route) -> {
					if (id instanceof String name && route instanceof RouterFunction<?> function) {
						this.configuredRoutes.put(name, function);
					}
				});
			}
		}

		@Override
		public void startNested(RequestPredicate predicate) {
		}

		@Override
		public void endNested(RequestPredicate predicate) {
		}

		@Override
		public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
		}

		@Override
		public void resources(Function<ServerRequest, Optional<Resource>> lookupFunction) {
		}

		@Override
		public void unknown(RouterFunction<?> routerFunction) {
		}

	}

}
