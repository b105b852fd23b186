package dev.ratelimit.gateway.mvc;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * One route's {@code RateLimit} filter: a tier and a cost, applied by the
 * {@link RouteEnforcer} of the application serving the request. It is created by a static
 * factory, outside any application, so it finds that application on the request; without
 * one (the limiter turned off) it lets requests through.
 */
final class RouteRateLimit implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private final String tier;

	private final long cost;

	// the one application that served this route last: one filter may be shared by
	// several applications of a JVM, each applying its own limiter
	private volatile @Nullable Enforcing enforcing;

	// startup checks the tier and cost, naming the route (RouteTierValidator)
	RouteRateLimit(String tier, long cost) {
		this.tier = tier;
		this.cost = cost;
	}

	String tier() {
		return this.tier;
	}

	long cost() {
		return this.cost;
	}

	@Override
	public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
		RouteEnforcer enforcer = enforcer(request);
		return (enforcer != null) ? enforcer.enforce(request, next, this.tier, this.cost) : next.handle(request);
	}

	private @Nullable RouteEnforcer enforcer(ServerRequest request) {
		ApplicationContext context = RequestContextUtils.findWebApplicationContext(request.servletRequest());
		if (context == null) {
			return null;
		}
		Enforcing enforcing = this.enforcing;
		if (enforcing == null || enforcing.context() != context) {
			enforcing = new Enforcing(context, context.getBeanProvider(RouteEnforcer.class).getIfAvailable());
			this.enforcing = enforcing;
		}
		return enforcing.enforcer();
	}

	@Override
	public String toString() {
		return "RateLimit(" + this.tier + ", " + this.cost + ")";
	}

	private record Enforcing(ApplicationContext context, @Nullable RouteEnforcer enforcer) {

	}

}
