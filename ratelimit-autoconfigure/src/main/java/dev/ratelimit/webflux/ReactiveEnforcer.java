package dev.ratelimit.webflux;

import java.util.List;

import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.http.ClientPart;
import dev.ratelimit.http.RateLimitHeaders;
import dev.ratelimit.http.RateLimitPipeline;
import dev.ratelimit.http.RateLimitReport;
import dev.ratelimit.http.RequestCharge;
import dev.ratelimit.http.RequestRateLimits;
import dev.ratelimit.web.CountedClient;
import dev.ratelimit.web.DeclaredCharge;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Applies tiers to a WebFlux request through the pipeline the servlet side uses
 * ({@link RateLimitPipeline}): the counted clients resolved once into the request's
 * parts, each on its client's runtime plan ({@link ExchangePlans}), the charges prepared
 * against what the request was already charged, the guard asked without blocking
 * ({@link RateLimitGuard#decideAllAsync}), the verdicts applied into the one report that
 * the response fields and a refusal's problem body render. What the request was decided
 * lives in an exchange attribute, as the servlet side keeps it in a request attribute, so
 * that a path rule and an annotation naming one tier charge once.
 */
public class ReactiveEnforcer {

	private static final String ATTRIBUTE = RequestRateLimits.class.getName();

	private final ExchangeClients clients;

	private final ExchangePlans plans;

	private final RateLimitPipeline pipeline;

	private final RateLimitGuard guard;

	private final RateLimitHeaders headers;

	/**
	 * Create an enforcer.
	 * @param clients decides who is counted and at which tier
	 * @param plans applies the clients' runtime plans
	 * @param pipeline prepares the charges and reports the verdicts
	 * @param guard decides on the store without blocking
	 * @param headers writes the response fields
	 */
	public ReactiveEnforcer(ExchangeClients clients, ExchangePlans plans, RateLimitPipeline pipeline,
			RateLimitGuard guard, RateLimitHeaders headers) {
		this.clients = clients;
		this.plans = plans;
		this.pipeline = pipeline;
		this.guard = guard;
		this.headers = headers;
	}

	/**
	 * Charge a request against declarations, decided together.
	 * @param exchange the exchange, whose response receives the fields when admitted
	 * @param declared the declarations, in order
	 * @param identity the caller's identity, or {@code null} for the
	 * {@link ExchangeKeyResolver}'s
	 * @return completes when the request is admitted; fails with a
	 * {@link RateLimitRefusal} when it is refused
	 */
	public Mono<Void> enforce(ServerWebExchange exchange, List<DeclaredCharge> declared, @Nullable String identity) {
		if (declared.size() == 1) {
			return part(exchange, declared.get(0), identity).flatMap((part) -> decide(exchange, List.of(part)));
		}
		return Flux.fromIterable(declared)
			.concatMap((charge) -> part(exchange, charge, identity))
			.collectList()
			.flatMap((parts) -> decide(exchange, parts));
	}

	private Mono<Void> decide(ServerWebExchange exchange, List<ClientPart> parts) {
		RequestRateLimits limits = limits(exchange);
		RequestCharge charge = this.pipeline.prepare(limits, parts);
		if (charge.charges().isEmpty()) {
			return respond(exchange, this.pipeline.apply(limits, charge, List.of()));
		}
		return Mono.fromCompletionStage(() -> this.guard.decideAllAsync(charge.charges()))
			.flatMap((verdicts) -> respond(exchange, this.pipeline.apply(limits, charge, verdicts)));
	}

	private Mono<Void> respond(ServerWebExchange exchange, RateLimitReport report) {
		if (report.refused()) {
			HttpHeaders fields = new HttpHeaders();
			this.headers.write(report, fields::set);
			return Mono.error(new RateLimitRefusal(report, fields));
		}
		HttpHeaders response = exchange.getResponse().getHeaders();
		this.headers.write(report, response::set);
		return Mono.empty();
	}

	/**
	 * Return a declaration's part: its client, on the client's runtime plan, under the
	 * key of the tier that applies whichever limits decide it.
	 */
	private Mono<ClientPart> part(ServerWebExchange exchange, DeclaredCharge declared, @Nullable String identity) {
		Mono<CountedClient> client = this.clients.resolve(exchange, declared, identity);
		return client.flatMap((counted) -> {
			if (!this.plans.applies(counted.tier())) {
				return Mono.just(new ClientPart(counted.tier(), counted.token(), counted.key(), declared.cost()));
			}
			return this.plans.apply(exchange, counted.tier(), declared.named(), counted.token())
				.map((tier) -> new ClientPart(tier, counted.token(), counted.key(), declared.cost()));
		});
	}

	private static RequestRateLimits limits(ServerWebExchange exchange) {
		RequestRateLimits limits = exchange.getAttribute(ATTRIBUTE);
		if (limits == null) {
			limits = new RequestRateLimits();
			exchange.getAttributes().put(ATTRIBUTE, limits);
		}
		return limits;
	}

}
