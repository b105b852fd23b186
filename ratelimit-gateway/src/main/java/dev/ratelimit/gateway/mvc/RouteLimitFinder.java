package dev.ratelimit.gateway.mvc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

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
		configured.forEach((id, route) -> walk(route, null, (filtered) -> "route '" + id + "'", seen, found));
		walk(function, null, (filtered) -> describe(name, filtered), seen, found);
		return found;
	}

	/**
	 * Walk a node's functions.
	 * @param node a router or filter function
	 * @param enclosing the innermost router function holding the node
	 * @param route describes the route of a filter, from its innermost router function
	 * @param seen the nodes walked already
	 * @param found receives the filters
	 */
	private static void walk(Object node, @Nullable RouterFunction<?> enclosing,
			Function<@Nullable RouterFunction<?>, String> route, Set<Object> seen, List<RouteLimit> found) {
		if (!seen.add(node)) {
			return;
		}
		if (node instanceof RouteRateLimit limit) {
			found.add(new RouteLimit(route.apply(enclosing), limit));
			return;
		}
		RouterFunction<?> scope = (node instanceof RouterFunction<?> function) ? function : enclosing;
		for (Object value : references(node)) {
			walk(value, scope, route, seen, found);
		}
	}

	/**
	 * Return the router and filter functions a node holds, directly or in a collection.
	 */
	private static List<Object> references(Object node) {
		List<Object> references = new ArrayList<>();
		for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
						|| !field.trySetAccessible()) {
					continue;
				}
				Object value;
				try {
					value = field.get(node);
				}
				catch (IllegalAccessException ex) {
					continue;
				}
				if (isFunction(value)) {
					references.add(value);
				}
				else if (value instanceof Collection<?> values) {
					values.stream().filter(RouteLimitFinder::isFunction).forEach(references::add);
				}
			}
		}
		return references;
	}

	private static boolean isFunction(@Nullable Object value) {
		return value instanceof RouterFunction<?> || value instanceof HandlerFilterFunction<?, ?>;
	}

	private static String describe(String name, @Nullable RouterFunction<?> filtered) {
		Set<String> ids = (filtered != null) ? new RouteAttributes(filtered).routeIds() : Set.of();
		if (ids.size() == 1) {
			return "route '" + ids.iterator().next() + "'";
		}
		return "router function '" + name + "'" + (ids.isEmpty() ? "" : " (routes " + ids + ")");
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
