package dev.ratelimit.webflux;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.Tier;
import dev.ratelimit.web.PlanLimit;
import dev.ratelimit.web.RuntimePlanTiers;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Applies an {@link ExchangePlanLimitsResolver} to a WebFlux request: asks it for the
 * counted client's runtime limits on a plan tier, within a time budget, and builds the
 * tier the request is decided by through {@link RuntimePlanTiers}, the servlet side's
 * validation, cache and fallback. A resolver that fails or answers late fails no request:
 * the fallback tier decides it, logged once.
 */
public class ExchangePlans {

	private static final String RESOLVER = "ExchangePlanLimitsResolver";

	private final @Nullable ExchangePlanLimitsResolver resolver;

	private final RuntimePlanTiers tiers;

	private final Duration timeout;

	/**
	 * Create the runtime plans.
	 * @param resolver supplies runtime limits, or {@code null} for none
	 * @param tiers builds tiers from runtime limits
	 * @param timeout longest wait for the resolver's answer
	 */
	public ExchangePlans(@Nullable ExchangePlanLimitsResolver resolver, RuntimePlanTiers tiers, Duration timeout) {
		this.resolver = resolver;
		this.tiers = tiers;
		this.timeout = timeout;
	}

	/**
	 * Return whether a tier's clients may have runtime limits, so that the resolver is
	 * asked.
	 * @param tier the tier that applies
	 * @return whether {@link #apply} may return another tier
	 */
	public boolean applies(Tier tier) {
		// a purpose tier keeps its configured limits: a plan applies only to a plan tier
		return this.resolver != null && tier.plan();
	}

	/**
	 * Return the tier a request's client is decided by.
	 * @param exchange the exchange
	 * @param tier the tier that applies, with its configured limits
	 * @param named the counted client when it is not the caller (its network), else
	 * {@code null}
	 * @param client the counted client's token
	 * @return the tier with the client's runtime limits, the tier itself when there are
	 * none, or the fallback tier when they are invalid or could not be looked up in time
	 */
	public Mono<Tier> apply(ServerWebExchange exchange, Tier tier, @Nullable String named, String client) {
		ExchangePlanLimitsResolver resolver = this.resolver;
		if (resolver == null || !tier.plan()) {
			return Mono.just(tier);
		}
		return Mono
			.defer(() -> (named != null) ? resolver.resolveNamed(exchange, tier, named)
					: resolver.resolve(exchange, tier))
			.timeout(this.timeout)
			.map((List<PlanLimit> limits) -> this.tiers.of(tier, client, limits))
			.switchIfEmpty(Mono.fromSupplier(() -> this.tiers.of(tier, client, null)))
			.onErrorResume(Exception.class, (ex) -> Mono.just(this.tiers.failed(tier, client, RESOLVER, reason(ex))));
	}

	private String reason(Throwable ex) {
		return (ex instanceof TimeoutException) ? "no answer within " + this.timeout : ex.getClass().getName();
	}

}
