package dev.ratelimit.gateway.mvc;

import dev.ratelimit.web.RateLimitEnforcer;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Applies a route's tier through the servlet side's {@link RateLimitEnforcer}: the
 * request and the response it charges and annotates are the servlet request and response
 * the gateway serves, so the client, the fields of an allowed response, the 429 and 503
 * (rendered by Spring MVC's exception resolvers, as for {@code @RateLimited}), permits
 * and charges after the response are those of any other request.
 */
public class RouteEnforcer {

	private final RateLimitEnforcer enforcer;

	/**
	 * Create an enforcer.
	 * @param enforcer the servlet side's enforcer
	 */
	public RouteEnforcer(RateLimitEnforcer enforcer) {
		this.enforcer = enforcer;
	}

	/**
	 * Charge a request of a route, then hand it on.
	 * @param request the request
	 * @param next the rest of the route
	 * @param tier the route's tier
	 * @param cost the units it costs
	 * @return the route's response
	 * @throws Exception as the route throws, or a denial
	 */
	ServerResponse enforce(ServerRequest request, HandlerFunction<ServerResponse> next, String tier, long cost)
			throws Exception {
		this.enforcer.enforce(request.servletRequest(), servletResponse(), tier, cost, null);
		return next.handle(request);
	}

	private static @Nullable HttpServletResponse servletResponse() {
		return (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)
				? attributes.getResponse() : null;
	}

}
