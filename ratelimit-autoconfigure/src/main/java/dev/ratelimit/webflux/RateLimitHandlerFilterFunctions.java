package dev.ratelimit.webflux;

import java.util.List;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.DeclaredCharge;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Rate limits for WebFlux functional endpoints: {@code route().GET("/x", handler)
 * .filter(rateLimits.rateLimit("free")).build()} charges each request to the route as
 * {@code @RateLimited(tier = "free")} charges a call, with the same contract. The tier is
 * checked when the route is built, that is at startup.
 */
public class RateLimitHandlerFilterFunctions {

	private final ReactiveEnforcer enforcer;

	private final TierRegistry registry;

	private final RejectionResponses rejections;

	/**
	 * Create the factory of filters.
	 * @param enforcer applies tiers
	 * @param registry the configured tiers
	 * @param rejections answers refused requests
	 */
	public RateLimitHandlerFilterFunctions(ReactiveEnforcer enforcer, TierRegistry registry,
			RejectionResponses rejections) {
		this.enforcer = enforcer;
		this.registry = registry;
		this.rejections = rejections;
	}

	/**
	 * Return a filter charging each request one unit of a tier.
	 * @param tier one of the configured tiers
	 * @return the filter
	 * @throws IllegalStateException if the tier is not configured
	 */
	public HandlerFilterFunction<ServerResponse, ServerResponse> rateLimit(String tier) {
		return rateLimit(tier, 1);
	}

	/**
	 * Return a filter charging each request a number of units of a tier.
	 * @param tier one of the configured tiers
	 * @param cost the units each request costs, at least 1
	 * @return the filter
	 * @throws IllegalStateException if the tier is not configured or the cost is below 1
	 */
	public HandlerFilterFunction<ServerResponse, ServerResponse> rateLimit(String tier, long cost) {
		if (!this.registry.contains(tier)) {
			throw new IllegalStateException("rateLimit(\"" + tier + "\") on a route names unknown tier '" + tier
					+ "'; configured tiers (ratelimit.tiers): " + this.registry.names());
		}
		if (cost < 1) {
			throw new IllegalStateException("rateLimit(\"" + tier + "\", " + cost + ") on a route has cost " + cost
					+ "; it must be at least 1");
		}
		List<DeclaredCharge> charges = List.of(new DeclaredCharge(tier, cost, DeclaredCharge.Counted.CALLER, null));
		return (request, next) -> this.enforcer.enforce(request.exchange(), charges, null)
			.then(Mono.defer(() -> next.handle(request)))
			.onErrorResume(RateLimitRefusal.class, (refusal) -> this.rejections.response(refusal, request.exchange()));
	}

}
