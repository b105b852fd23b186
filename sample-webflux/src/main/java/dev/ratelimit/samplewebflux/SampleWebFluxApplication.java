package dev.ratelimit.samplewebflux;

import java.time.Duration;
import java.util.Map;

import dev.ratelimit.web.RateLimited;
import dev.ratelimit.webflux.RateLimitHandlerFilterFunctions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A WebFlux service rate limited by the starter: an annotated handler returning
 * {@code Mono}, one streaming a {@code Flux}, a functional route and a path rule
 * ({@code application.yml}), all on the same tiers and the same 429 contract as a servlet
 * application.
 */
@SpringBootApplication
public class SampleWebFluxApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleWebFluxApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> quotes(RateLimitHandlerFilterFunctions rateLimits) {
		return RouterFunctions.route()
			.GET("/fn/quote", (request) -> ServerResponse.ok().bodyValue(Map.of("quote", "Less is more.")))
			.filter(rateLimits.rateLimit("free"))
			.build();
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/ping")
		Mono<String> ping() {
			return Mono.just("pong");
		}

		@RateLimited(tier = "free")
		@GetMapping("/api/hello")
		Mono<Map<String, String>> hello() {
			return Mono.just(Map.of("hello", "world"));
		}

		@RateLimited(tier = "free", cost = 2)
		@GetMapping(path = "/api/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<Long> ticks() {
			return Flux.interval(Duration.ofMillis(10)).take(3);
		}

		@GetMapping("/api/search/{term}")
		Mono<Map<String, String>> search(@PathVariable String term) {
			return Mono.just(Map.of("term", term));
		}

	}

}
