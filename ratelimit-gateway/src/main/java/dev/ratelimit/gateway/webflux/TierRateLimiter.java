package dev.ratelimit.gateway.webflux;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.gateway.RouteTierCheck;
import dev.ratelimit.web.DeclaredCharge;
import dev.ratelimit.webflux.RateLimitRefusal;
import dev.ratelimit.webflux.ReactiveEnforcer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.event.FilterArgsEvent;
import org.springframework.cloud.gateway.filter.ratelimit.AbstractRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * A {@link org.springframework.cloud.gateway.filter.ratelimit.RateLimiter RateLimiter}
 * for Spring Cloud Gateway's standard {@code RequestRateLimiter} filter that charges a
 * route's requests to one of {@code ratelimit.tiers}
 * ({@code tier-rate-limiter.tier: free}, optionally {@code tier-rate-limiter.cost: 5})
 * through the same pipeline as the {@code RateLimit} filter: its limits, failure policy,
 * metrics and response fields.
 * <p>
 * The caller is counted by the starter's identity rule, read from the exchange that
 * {@link ServerWebExchangeContextFilter} puts in the Reactor context; the key the
 * filter's {@code KeyResolver} returns is not an identity here and is ignored, so a
 * resolver reading a header the client fills in freely cannot mint fresh budgets.
 */
public class TierRateLimiter extends AbstractRateLimiter<RouteTier> {

	/**
	 * Name of the bean, for {@code rate-limiter: "#{@tierRateLimiter}"}.
	 */
	public static final String BEAN_NAME = "tierRateLimiter";

	/**
	 * Prefix of a route's arguments of this limiter, {@code tier-rate-limiter.tier}.
	 */
	public static final String CONFIGURATION_PROPERTY_NAME = "tier-rate-limiter";

	private static final Response ADMITTED = new Response(true, Map.of());

	private final ReactiveEnforcer enforcer;

	private final TierRegistry registry;

	private final RouteTierCheck tiers;

	private final @Nullable RouteTier fixed;

	/**
	 * Create the limiter whose routes name their tier in their arguments.
	 * @param enforcer charges requests without blocking
	 * @param registry the declared tiers, which a route's tier must be one of
	 * @param configurationService binds the routes' arguments
	 */
	public TierRateLimiter(ReactiveEnforcer enforcer, TierRegistry registry,
			@Nullable ConfigurationService configurationService) {
		this(enforcer, registry, configurationService, null);
	}

	private TierRateLimiter(ReactiveEnforcer enforcer, TierRegistry registry,
			@Nullable ConfigurationService configurationService, @Nullable RouteTier fixed) {
		super(RouteTier.class, CONFIGURATION_PROPERTY_NAME, configurationService);
		this.enforcer = enforcer;
		this.registry = registry;
		this.tiers = new RouteTierCheck(registry);
		this.fixed = fixed;
	}

	/**
	 * Return a limiter charging every route it serves to one tier, for the Java DSL:
	 * {@code filters.requestRateLimiter(c -> c.setRateLimiter(limiter.forTier("free", 1)))}.
	 * @param tier one of {@code ratelimit.tiers}
	 * @param cost units each request costs, at least 1
	 * @return the limiter
	 */
	public TierRateLimiter forTier(String tier, long cost) {
		RouteTier route = new RouteTier().setTier(tier).setCost(cost);
		check("a Java DSL route", route);
		return new TierRateLimiter(this.enforcer, this.registry, null, route);
	}

	@Override
	public void onApplicationEvent(FilterArgsEvent event) {
		super.onApplicationEvent(event);
		RouteTier route = getConfig().get(event.getRouteId());
		if (route != null) {
			check("route '" + event.getRouteId() + "'", route);
		}
	}

	/**
	 * Check that this limiter has a declared tier for a route it serves.
	 * @param routeId the route
	 * @throws IllegalStateException naming the route when it has none, or an unknown one
	 */
	void checkRoute(String routeId) {
		RouteTier route = getConfig().getOrDefault(routeId, this.fixed);
		if (route == null) {
			throw new IllegalStateException("RequestRateLimiter of route '" + routeId + "' applies " + BEAN_NAME
					+ " without a tier; in the Java DSL give it " + BEAN_NAME + ".forTier(tier, cost)");
		}
		check("route '" + routeId + "'", route);
	}

	@Override
	public Mono<Response> isAllowed(String routeId, String id) {
		RouteTier route = getConfig().getOrDefault(routeId, this.fixed);
		if (route == null) {
			return Mono.error(new IllegalStateException("RequestRateLimiter of route '" + routeId + "' names no tier ("
					+ CONFIGURATION_PROPERTY_NAME + ".tier)"));
		}
		List<DeclaredCharge> charge = route.charge();
		return Mono
			.deferContextual((context) -> exchange(
					context.getOrEmpty(ServerWebExchangeContextFilter.EXCHANGE_CONTEXT_ATTRIBUTE), routeId))
			.flatMap((exchange) -> this.enforcer.enforce(exchange, charge, null)
				.thenReturn(ADMITTED)
				// the admitted request's fields are on the response already
				.onErrorResume(RateLimitRefusal.class,
						(refusal) -> Mono.just(new Response(false, refusal.getFields().toSingleValueMap()))));
	}

	private static Mono<ServerWebExchange> exchange(Optional<Object> exchange, String routeId) {
		if (exchange.isPresent() && exchange.get() instanceof ServerWebExchange found) {
			return Mono.just(found);
		}
		return Mono.error(new IllegalStateException("RequestRateLimiter of route '" + routeId
				+ "' runs outside a request: ServerWebExchangeContextFilter is not among the web filters"));
	}

	private void check(String route, RouteTier config) {
		this.tiers.check("RequestRateLimiter of " + route, config.getTier(), config.getCost());
	}

}
