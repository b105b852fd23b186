package dev.ratelimit.webflux;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.CountedClient;
import dev.ratelimit.web.DeclaredCharge;
import dev.ratelimit.web.ReportedOnce;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides who a WebFlux request is counted as and at which tier, by the servlet side's
 * rules: the {@link ExchangeKeyResolver} names the caller, hashed by {@link ClientKeys};
 * where the tier named is a {@linkplain Tier#plan() plan}, the
 * {@link ExchangeTierResolver} may choose another plan, and else a caller whose API key
 * is listed under {@code ratelimit.tiers.<plan>.api-keys} gets that plan; a key that is
 * exactly {@code #address} counts the caller's network, on the plan
 * {@link ExchangeTierResolver#resolveNamed} chooses for it. A tier resolver's answer that
 * names a tier that is unknown or no plan is ignored, with one warning per answer. A
 * resolver that fails, or answers nothing or late where an answer is needed, fails no
 * request: the default answers instead, with one warning.
 */
public class ExchangeClients {

	private static final Logger logger = LoggerFactory.getLogger(ExchangeClients.class);

	private final TierRegistry registry;

	private final ClientKeys keys;

	private final String apiKeyHeader;

	private final ExchangeKeyResolver keyResolver;

	private final ExchangeKeyResolver defaultKeyResolver;

	private final @Nullable ExchangeTierResolver tierResolver;

	private final Duration timeout;

	private final ReportedOnce reported = new ReportedOnce();

	/**
	 * Create a resolver.
	 * @param registry the configured tiers and the listed API keys
	 * @param keys hashes identities into keys
	 * @param apiKeyHeader the header carrying the API key
	 * @param keyResolver decides who is counted
	 * @param defaultKeyResolver decides who is counted when {@code keyResolver} fails
	 * @param tierResolver chooses the plan, or {@code null} to let the listed API keys
	 * choose it
	 * @param timeout longest wait for the tier resolver's answer
	 */
	public ExchangeClients(TierRegistry registry, ClientKeys keys, String apiKeyHeader, ExchangeKeyResolver keyResolver,
			ExchangeKeyResolver defaultKeyResolver, @Nullable ExchangeTierResolver tierResolver, Duration timeout) {
		this.registry = registry;
		this.keys = keys;
		this.apiKeyHeader = apiKeyHeader;
		this.keyResolver = keyResolver;
		this.defaultKeyResolver = defaultKeyResolver;
		this.tierResolver = tierResolver;
		this.timeout = timeout;
	}

	/**
	 * Resolve the client a declaration counts for a request.
	 * @param exchange the exchange
	 * @param declared the declaration: the caller, or the address its key names
	 * @param identity the caller's identity, or {@code null} for the
	 * {@link ExchangeKeyResolver}'s
	 * @return the client and its tier
	 */
	public Mono<CountedClient> resolve(ServerWebExchange exchange, DeclaredCharge declared, @Nullable String identity) {
		Tier requested = this.registry.require(declared.tier());
		return switch (declared.counted()) {
			case ADDRESS -> {
				String address = Objects.requireNonNull(declared.named());
				yield (asks(requested)) ? tier(exchange, requested, address).map((tier) -> client(tier, address))
						: Mono.just(client(requested, address));
			}
			case CALLER -> {
				Mono<String> caller = (identity != null) ? Mono.just(identity) : identity(exchange);
				yield (asks(requested))
						? caller.flatMap((id) -> tier(exchange, requested, null).map((tier) -> client(tier, id)))
						: caller.map((id) -> client(listed(exchange, requested), id));
			}
			case NAMED, KEY_FAILED -> Mono.error(new IllegalStateException(
					"WebFlux counts the caller or its #address only; startup refuses other keys"));
		};
	}

	/**
	 * Return the caller's token: its identity, as the {@link ExchangeKeyResolver} names
	 * it, hashed as in the Redis keys, for a gateway's key resolver.
	 * @param exchange the exchange
	 * @return the token, which no client can choose
	 */
	public Mono<String> token(ServerWebExchange exchange) {
		return identity(exchange).map(this.keys::token);
	}

	private Mono<String> identity(ServerWebExchange exchange) {
		if (this.keyResolver == this.defaultKeyResolver) {
			return this.keyResolver.resolve(exchange);
		}
		Mono<String> fallback = Mono.defer(() -> this.defaultKeyResolver.resolve(exchange));
		String resolver = "ExchangeKeyResolver " + this.keyResolver.getClass().getName();
		return Mono.defer(() -> this.keyResolver.resolve(exchange)).switchIfEmpty(Mono.defer(() -> {
			warnOnce(resolver, "answered nothing");
			return fallback;
		})).onErrorResume(RuntimeException.class, (ex) -> {
			warnOnce(resolver, "failed (" + ex.getClass().getName() + ")");
			return fallback;
		});
	}

	private boolean asks(Tier requested) {
		return this.tierResolver != null && requested.plan();
	}

	/**
	 * Return the plan the tier resolver chooses, the default's when it fails or is late.
	 */
	private Mono<Tier> tier(ServerWebExchange exchange, Tier requested, @Nullable String named) {
		ExchangeTierResolver resolver = Objects.requireNonNull(this.tierResolver);
		// the listed keys are read only where the resolver leaves the choice to them
		Mono<Tier> fallback = (named != null) ? Mono.just(requested)
				: Mono.fromSupplier(() -> listed(exchange, requested));
		return Mono
			.defer(() -> (named != null) ? resolver.resolveNamed(exchange, requested.name(), named)
					: resolver.resolve(exchange, requested.name()))
			.timeout(this.timeout)
			.map((name) -> chosen(requested, name))
			.switchIfEmpty(fallback)
			.onErrorResume(Exception.class, (ex) -> {
				warnOnce("ExchangeTierResolver " + resolver.getClass().getName(), (ex instanceof TimeoutException)
						? "answered nothing within " + this.timeout : "failed (" + ex.getClass().getName() + ")");
				return fallback;
			});
	}

	/**
	 * Return the plan a tier resolver named, or the requested tier when it names a tier
	 * that is unknown or no plan, which must not replace an endpoint's tier.
	 */
	private Tier chosen(Tier requested, String name) {
		if (name.equals(requested.name())) {
			return requested;
		}
		if (this.registry.isPlan(name)) {
			return this.registry.require(name);
		}
		if (this.reported.first("tier:" + name)) {
			logger.warn("ExchangeTierResolver chose tier '"
					+ name + "', which is " + (this.registry.contains(name)
							? "no plan (ratelimit.tiers." + name + ".plan is false)" : "not configured")
					+ "; applying '" + requested.name() + "'");
		}
		return requested;
	}

	/**
	 * Return the plan of a caller whose API key is listed under a plan tier, else the
	 * requested tier.
	 */
	private Tier listed(ServerWebExchange exchange, Tier requested) {
		if (!requested.plan()) {
			return requested;
		}
		String apiKey = exchange.getRequest().getHeaders().getFirst(this.apiKeyHeader);
		String listed = (apiKey != null) ? this.registry.tierForApiKey(apiKey) : null;
		return (listed != null && this.registry.isPlan(listed)) ? this.registry.require(listed) : requested;
	}

	private CountedClient client(Tier tier, String identity) {
		String token = this.keys.token(identity);
		return new CountedClient(tier, token, this.keys.key(tier.name(), token));
	}

	private void warnOnce(String resolver, String what) {
		if (this.reported.first(resolver + " " + what)) {
			logger.warn(resolver + " " + what + "; the default resolver answers instead. Reported once.");
		}
	}

}
