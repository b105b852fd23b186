package dev.ratelimit.webflux;

import java.util.Objects;

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
 * where the tier named is a {@linkplain Tier#plan() plan}, a caller whose API key is
 * listed under {@code ratelimit.tiers.<plan>.api-keys} gets that plan; a key that is
 * exactly {@code #address} counts the caller's network on the tier named. A resolver that
 * fails or answers nothing fails no request: the default resolver answers instead, with
 * one warning.
 */
public class ExchangeClients {

	private static final Logger logger = LoggerFactory.getLogger(ExchangeClients.class);

	private final TierRegistry registry;

	private final ClientKeys keys;

	private final String apiKeyHeader;

	private final ExchangeKeyResolver keyResolver;

	private final ExchangeKeyResolver defaultKeyResolver;

	private final ReportedOnce reported = new ReportedOnce();

	/**
	 * Create a resolver.
	 * @param registry the configured tiers and the listed API keys
	 * @param keys hashes identities into keys
	 * @param apiKeyHeader the header carrying the API key
	 * @param keyResolver decides who is counted
	 * @param defaultKeyResolver decides who is counted when {@code keyResolver} fails
	 */
	public ExchangeClients(TierRegistry registry, ClientKeys keys, String apiKeyHeader, ExchangeKeyResolver keyResolver,
			ExchangeKeyResolver defaultKeyResolver) {
		this.registry = registry;
		this.keys = keys;
		this.apiKeyHeader = apiKeyHeader;
		this.keyResolver = keyResolver;
		this.defaultKeyResolver = defaultKeyResolver;
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
			case ADDRESS -> Mono.just(client(requested, Objects.requireNonNull(declared.named())));
			case CALLER -> ((identity != null) ? Mono.just(identity) : identity(exchange))
				.map((caller) -> client(plan(exchange, requested), caller));
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
		return Mono.defer(() -> this.keyResolver.resolve(exchange)).switchIfEmpty(Mono.defer(() -> {
			warnOnce("answered nothing");
			return fallback;
		})).onErrorResume(RuntimeException.class, (ex) -> {
			warnOnce("failed (" + ex.getClass().getName() + ")");
			return fallback;
		});
	}

	private Tier plan(ServerWebExchange exchange, Tier requested) {
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

	private void warnOnce(String what) {
		if (this.reported.first(what)) {
			logger.warn("ExchangeKeyResolver " + this.keyResolver.getClass().getName() + " " + what
					+ "; the default resolver answers instead. Reported once.");
		}
	}

}
