package dev.ratelimit.webflux;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Chooses the plan that applies to a WebFlux request, for example from the caller's
 * account in a reactive store, without blocking. It is asked only where an endpoint names
 * a {@linkplain dev.ratelimit.core.Tier#plan() plan tier}, and its answer must be a plan
 * tier too: an answer naming a purpose tier such as {@code login}, or no configured tier,
 * is ignored with one warning. An empty answer leaves the choice to the API keys listed
 * under {@code ratelimit.tiers.<plan>.api-keys}, else the requested tier; so does an
 * error, or no answer within {@code ratelimit.plans.timeout}, with one warning.
 */
@FunctionalInterface
public interface ExchangeTierResolver {

	/**
	 * Return the plan tier for a request whose caller is counted.
	 * @param exchange the exchange
	 * @param requestedTier the plan tier named by the annotation, route or filter rule
	 * @return the plan tier to apply, or empty to let the listed API keys choose
	 */
	Mono<String> resolve(ServerWebExchange exchange, String requestedTier);

	/**
	 * Return the plan tier for the caller's network, counted by a declaration whose key
	 * is {@code #address}. The default keeps the requested tier: the caller's API key or
	 * principal must not choose the plan of a whole network.
	 * @param exchange the exchange
	 * @param requestedTier the plan tier named by the annotation
	 * @param named the counted client, such as {@code ip:192.0.2.1}
	 * @return the plan tier to apply, or empty to keep the requested tier
	 */
	default Mono<String> resolveNamed(ServerWebExchange exchange, String requestedTier, String named) {
		return Mono.empty();
	}

}
