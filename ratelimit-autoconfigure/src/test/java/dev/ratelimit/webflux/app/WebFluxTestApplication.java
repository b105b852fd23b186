package dev.ratelimit.webflux.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.PlanLimit;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.webflux.ExchangePlanLimitsResolver;
import dev.ratelimit.webflux.ExchangeTierResolver;
import dev.ratelimit.webflux.RateLimitHandlerFilterFunctions;
import org.jspecify.annotations.Nullable;
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
 * HTTP Basic that lets every request through, and runtime plans read from request headers
 * through reactive resolvers.
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

	/**
	 * Stands in for a reactive plan store: the plan named by {@code X-Plan}, answered
	 * asynchronously; {@code boom} fails, {@code slow} never answers; without the header,
	 * empty, so that the listed API keys choose.
	 */
	@Bean
	ExchangeTierResolver headerTiers() {
		return (exchange, requestedTier) -> answer(exchange.getRequest().getHeaders().getFirst("X-Plan"), Mono::just);
	}

	/**
	 * Stands in for a reactive store of runtime limits: {@code X-Plan-Limit: 7} is a plan
	 * of 7 a minute, answered asynchronously; {@code invalid} a plan with a burst of 0,
	 * {@code boom} fails, {@code slow} never answers; without the header, empty, so that
	 * the configured limits apply.
	 */
	@Bean
	ExchangePlanLimitsResolver headerPlanLimits() {
		return (exchange, tier) -> answer(exchange.getRequest().getHeaders().getFirst("X-Plan-Limit"),
				(value) -> Mono.just(value.equals("invalid")
						? List.of(new PlanLimit("per-minute", 5, Duration.ofMinutes(1), 0L, "token-bucket", null, null))
						: List.of(PlanLimit.of("per-minute", Long.parseLong(value), Duration.ofMinutes(1)))));
	}

	private static <T> Mono<T> answer(@Nullable String value, Function<String, Mono<T>> found) {
		if (value == null) {
			return Mono.empty();
		}
		return switch (value) {
			case "boom" -> Mono.error(new IllegalStateException("plan store unreachable"));
			case "slow" -> Mono.never();
			default -> Mono.delay(Duration.ofMillis(1)).then(found.apply(value));
		};
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
