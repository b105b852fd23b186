package dev.ratelimit.gateway.mvc;

import org.springframework.cloud.gateway.server.mvc.common.Shortcut;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The {@code RateLimit} filter of Spring Cloud Gateway server-webmvc routes, in the Java
 * DSL ({@code route("api").filter(rateLimit("free"))}) and in configuration
 * ({@code filters: - RateLimit=free}, or {@code - RateLimit=free,5} for a cost of 5).
 * <p>
 * A route's requests are charged to the tier as {@code @RateLimited} and path rules
 * charge theirs: the same client (the {@code KeyResolver}'s API key, principal or
 * address), the same budget. Two routes naming one tier therefore share each client's
 * budget of that tier; a route with a budget of its own names a tier of its own.
 */
public final class RateLimitFilterFunctions {

	private RateLimitFilterFunctions() {
	}

	/**
	 * Charge each request of a route one unit of a tier.
	 * @param tier the tier, one of {@code ratelimit.tiers}
	 * @return the filter
	 */
	@Shortcut
	public static HandlerFilterFunction<ServerResponse, ServerResponse> rateLimit(String tier) {
		return rateLimit(tier, 1);
	}

	/**
	 * Charge each request of a route some units of a tier.
	 * @param tier the tier, one of {@code ratelimit.tiers}
	 * @param cost the units each request costs, at least 1
	 * @return the filter
	 */
	@Shortcut
	public static HandlerFilterFunction<ServerResponse, ServerResponse> rateLimit(String tier, long cost) {
		return new RouteRateLimit(tier, cost);
	}

	/**
	 * Offers {@code RateLimit} to the routes of the gateway's configuration (registered
	 * in {@code META-INF/spring.factories}).
	 */
	public static class FilterSupplier extends SimpleFilterSupplier {

		/**
		 * Create the supplier of this class's filter methods.
		 */
		public FilterSupplier() {
			super(RateLimitFilterFunctions.class);
		}

	}

}
