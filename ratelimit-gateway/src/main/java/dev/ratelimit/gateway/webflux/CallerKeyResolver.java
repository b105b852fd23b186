package dev.ratelimit.gateway.webflux;

import dev.ratelimit.webflux.ExchangeClients;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's {@link KeyResolver} by the starter's identity rule: a known API
 * key, else the authenticated principal, else the client's masked address, answered as
 * the hashed token the Redis keys use. No client can mint a new key by filling in a
 * header, and no key, address or principal reaches the gateway's limiters in clear.
 */
public class CallerKeyResolver implements KeyResolver {

	/**
	 * Name of the bean, for {@code key-resolver: "#{@callerKeyResolver}"}.
	 */
	public static final String BEAN_NAME = "callerKeyResolver";

	private final ExchangeClients clients;

	/**
	 * Create a resolver.
	 * @param clients names the caller by the starter's identity rule
	 */
	public CallerKeyResolver(ExchangeClients clients) {
		this.clients = clients;
	}

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return this.clients.token(exchange);
	}

}
