package dev.ratelimit.webflux;

import java.net.InetSocketAddress;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.CallerIdentities;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Counts a WebFlux request as the servlet side's default resolver counts a servlet
 * request: by its API key header when the key is known, else by its authenticated
 * principal, else by the client address masked to its network (see
 * {@link ClientAddresses}). An unknown key is ignored, so inventing keys earns no fresh
 * buckets. Forwarded headers are never read here: they change the remote address only
 * through Spring's {@code ForwardedHeaderTransformer}
 * ({@code server.forward-headers-strategy=framework}) or the server's own trusted-proxy
 * handling ({@code native}). The {@link ApiKeyVerifier} is called on the event loop: it
 * must answer from memory (a cache), never by blocking I/O.
 */
public class DefaultExchangeKeyResolver implements ExchangeKeyResolver {

	private final CallerIdentities callers;

	/**
	 * Create a resolver.
	 * @param apiKeyHeader the header carrying the API key
	 * @param knownKeys tells which keys count as their own client
	 * @param addresses turns remote addresses into counted networks
	 */
	public DefaultExchangeKeyResolver(String apiKeyHeader, ApiKeyVerifier knownKeys, ClientAddresses addresses) {
		this.callers = new CallerIdentities(apiKeyHeader, knownKeys, addresses);
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		String key = this.callers.ofApiKey(exchange.getRequest().getHeaders().getFirst(this.callers.apiKeyHeader()));
		if (key != null) {
			return Mono.just(key);
		}
		return exchange.getPrincipal()
			.mapNotNull(this.callers::ofPrincipal)
			.switchIfEmpty(Mono.fromSupplier(() -> this.callers.ofAddress(remoteAddress(exchange))));
	}

	static @Nullable String remoteAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return null;
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
