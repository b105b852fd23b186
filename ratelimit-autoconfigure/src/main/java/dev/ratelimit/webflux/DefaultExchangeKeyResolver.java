package dev.ratelimit.webflux;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.web.ApiKeyVerifier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.util.StringUtils;
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

	private static final Logger logger = LoggerFactory.getLogger(DefaultExchangeKeyResolver.class);

	private final AtomicBoolean verifierFailed = new AtomicBoolean();

	private final String apiKeyHeader;

	private final ApiKeyVerifier knownKeys;

	private final ClientAddresses addresses;

	/**
	 * Create a resolver.
	 * @param apiKeyHeader the header carrying the API key
	 * @param knownKeys tells which keys count as their own client
	 * @param addresses turns remote addresses into counted networks
	 */
	public DefaultExchangeKeyResolver(String apiKeyHeader, ApiKeyVerifier knownKeys, ClientAddresses addresses) {
		this.apiKeyHeader = apiKeyHeader;
		this.knownKeys = knownKeys;
		this.addresses = addresses;
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		String apiKey = exchange.getRequest().getHeaders().getFirst(this.apiKeyHeader);
		if (StringUtils.hasText(apiKey) && isKnown(apiKey)) {
			return Mono.just("key:" + apiKey);
		}
		return exchange.getPrincipal()
			.map(Principal::getName)
			.filter(StringUtils::hasText)
			.map((name) -> "user:" + name)
			.switchIfEmpty(Mono.fromSupplier(() -> this.addresses.identity(remoteAddress(exchange))));
	}

	static @Nullable String remoteAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return null;
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	private boolean isKnown(String apiKey) {
		try {
			boolean known = this.knownKeys.isKnown(apiKey);
			if (this.verifierFailed.get()) {
				this.verifierFailed.set(false);
			}
			return known;
		}
		catch (RuntimeException ex) {
			if (this.verifierFailed.compareAndSet(false, true)) {
				logger.warn("ApiKeyVerifier failed (" + ex.getClass().getName()
						+ "); counting API keys as unknown until it answers again");
			}
			return false;
		}
	}

}
