package dev.ratelimit.gateway.webflux;

import java.util.List;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.gateway.RouteTierCheck;
import dev.ratelimit.web.DeclaredCharge;
import dev.ratelimit.webflux.RateLimitRefusal;
import dev.ratelimit.webflux.ReactiveEnforcer;
import dev.ratelimit.webflux.RejectionResponses;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;

/**
 * The {@code RateLimit} filter of Spring Cloud Gateway server-webflux routes
 * ({@code filters: - RateLimit=free}, or {@code - RateLimit=free,5} for a cost of 5; in
 * the Java DSL {@code f.filter(factory.apply(config -> config.setTier("free")))}). A
 * route's request is charged to the tier as a WebFlux {@code @RateLimited} handler's is,
 * without blocking: the same client, the same budget (two routes naming one tier share
 * it), the same fields and refusals.
 */
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

	private final ReactiveEnforcer enforcer;

	private final RejectionResponses rejections;

	private final RouteTierCheck tiers;

	/**
	 * Create the factory.
	 * @param enforcer charges requests without blocking
	 * @param rejections writes the 429 and 503 responses
	 * @param registry the declared tiers, which a route's tier must be one of
	 */
	public RateLimitGatewayFilterFactory(ReactiveEnforcer enforcer, RejectionResponses rejections,
			TierRegistry registry) {
		super(Config.class);
		this.enforcer = enforcer;
		this.rejections = rejections;
		this.tiers = new RouteTierCheck(registry);
	}

	@Override
	public List<String> shortcutFieldOrder() {
		return List.of("tier", "cost");
	}

	@Override
	public GatewayFilter apply(Config config) {
		String route = (config.getRouteId() != null) ? "route '" + config.getRouteId() + "'" : "a route";
		this.tiers.check("RateLimit filter of " + route, config.getTier(), config.getCost());
		List<DeclaredCharge> charge = config.charge();
		return (exchange, chain) -> this.enforcer.enforce(exchange, charge, null)
			.thenReturn(true)
			.onErrorResume(RateLimitRefusal.class,
					(refusal) -> this.rejections.write(exchange, refusal).thenReturn(false))
			.flatMap((admitted) -> admitted ? chain.filter(exchange) : Mono.empty());
	}

	/**
	 * A route's tier and cost, and its id.
	 */
	public static class Config extends RouteTier implements HasRouteId {

		private @Nullable String routeId;

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

	}

}
