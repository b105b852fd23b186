package dev.ratelimit.webflux;

import java.util.List;

import dev.ratelimit.core.Tier;
import dev.ratelimit.web.PlanLimit;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Supplies the limits of a plan built at runtime for a WebFlux request, for example a
 * customer's contract read from a reactive store (R2DBC, reactive Redis), in place of the
 * configured limits of the plan tier that applies. Called on every request of a plan
 * tier, so an implementation should answer from a cache where it can; a change it returns
 * takes effect on the next request.
 * <p>
 * What it returns is validated like {@code ratelimit.tiers}. Invalid limits, an error, or
 * no answer within {@code ratelimit.plans.timeout} are logged once and the request is
 * decided by the fallback tier ({@code ratelimit.plans.fallback-tier}, else the tier's
 * configured limits), never answered with an error. An empty answer applies the tier's
 * configured limits.
 * <p>
 * Limit names must come from a small fixed set (such as {@code per-minute},
 * {@code per-day}), never from customer data: each name is a Redis key per client and a
 * {@code limit} tag of {@code ratelimit.requests}.
 */
@FunctionalInterface
public interface ExchangePlanLimitsResolver {

	/**
	 * Return the limits that apply to this request's caller on a plan tier.
	 * @param exchange the exchange
	 * @param tier the tier that applies, with its configured limits
	 * @return the client's limits, or empty to apply the tier's configured limits
	 */
	Mono<List<PlanLimit>> resolve(ServerWebExchange exchange, Tier tier);

	/**
	 * Return the limits of the caller's network, counted by a declaration whose key is
	 * {@code #address}. The default returns empty, the tier's configured limits, since
	 * {@link #resolve} may read the caller.
	 * @param exchange the exchange
	 * @param tier the tier that applies, with its configured limits
	 * @param named the counted client, such as {@code ip:192.0.2.1}
	 * @return the client's limits, or empty to apply the tier's configured limits
	 */
	default Mono<List<PlanLimit>> resolveNamed(ServerWebExchange exchange, Tier tier, String named) {
		return Mono.empty();
	}

}
