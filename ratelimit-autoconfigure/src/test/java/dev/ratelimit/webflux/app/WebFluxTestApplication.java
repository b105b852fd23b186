package dev.ratelimit.webflux.app;

import java.util.Map;

import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.webflux.RateLimitHandlerFilterFunctions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WebFlux twin of the servlet test application: the same endpoints and tiers, on
 * Netty, annotated handlers returning {@code Mono} and {@code Flux}, a functional route,
 * and HTTP Basic that lets every request through.
 */
@SpringBootApplication
public class WebFluxTestApplication {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.httpBasic(Customizer.withDefaults())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Bean
	MapReactiveUserDetailsService users() {
		return new MapReactiveUserDetailsService(
				User.withUsername("alice").password("{noop}secret").roles("USER").build(),
				User.withUsername("bob").password("{noop}secret").roles("USER").build());
	}

	/**
	 * Every API key counts as its own client here, so that tests can give each case a
	 * fresh bucket with a fresh key.
	 */
	@Bean
	ApiKeyVerifier everyKeyIsKnown() {
		return (apiKey) -> true;
	}

	@Bean
	RouterFunction<ServerResponse> functionalRoutes(RateLimitHandlerFilterFunctions rateLimits) {
		return RouterFunctions.route()
			.GET("/fn/free", (request) -> ServerResponse.ok().bodyValue(Map.of("ok", "fn")))
			.filter(rateLimits.rateLimit("free"))
			.build();
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "free")
		@GetMapping("/api/free")
		Mono<Map<String, String>> free() {
			return Mono.just(Map.of("ok", "free"));
		}

		@RateLimited(tier = "free")
		@GetMapping("/api/flux")
		Flux<String> flux() {
			return Flux.just("a", "b", "c");
		}

		@GetMapping("/api/rule/thing")
		Mono<String> rule() {
			return Mono.just("rule");
		}

		@RateLimited(tier = "free")
		@GetMapping("/api/both")
		Mono<String> both() {
			return Mono.just("both");
		}

		@RateLimited(tier = "free", cost = 3)
		@GetMapping("/api/costly")
		Mono<String> costly() {
			return Mono.just("costly");
		}

		@RateLimited(tier = "free", cost = 6)
		@GetMapping("/api/too-costly")
		Mono<String> tooCostly() {
			return Mono.just("too-costly");
		}

		@RateLimited(tier = "free", key = "#address")
		@GetMapping("/api/address")
		Mono<String> address() {
			return Mono.just("address");
		}

		@RateLimited(tier = "duo")
		@GetMapping("/api/duo")
		Mono<String> duo() {
			return Mono.just("duo");
		}

		@RateLimited(tier = "loose")
		@GetMapping("/api/loose")
		Mono<String> loose() {
			return Mono.just("loose");
		}

		@RateLimited(tier = "trial")
		@GetMapping("/api/trial")
		Mono<String> trial() {
			return Mono.just("trial");
		}

		@GetMapping("/api/open")
		Mono<String> open() {
			return Mono.just("open");
		}

	}

}
