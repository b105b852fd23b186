package dev.ratelimit.webflux;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides who a WebFlux request is counted as, without blocking. The result is hashed
 * before it is used in Redis keys, logs or metrics, so it may hold anything; distinct
 * clients must get distinct values.
 */
@FunctionalInterface
public interface ExchangeKeyResolver {

	/**
	 * Return the identity of the client making the request.
	 * @param exchange the exchange
	 * @return the identity, such as {@code key:abc} or {@code ip:192.0.2.1}
	 */
	Mono<String> resolve(ServerWebExchange exchange);

}
