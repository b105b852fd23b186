package dev.ratelimit.webflux;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.webflux.app.WebFluxTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application reshapes WebFlux refusals, over real HTTP with a real Redis: an
 * {@code @ExceptionHandler} for {@link RateLimitRefusal} in its advice answers the
 * refusals of annotated handlers, and its own {@link RejectionResponses} bean answers
 * those of path rules and functional routes; both keep the limiter's status and fields.
 */
@SpringBootTest(classes = { WebFluxTestApplication.class, WebFluxReshapedRefusalsHttpTests.Reshaped.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ratelimit.redis.timeout=5s",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.duo.limits.per-second.limit=3", "ratelimit.tiers.duo.limits.per-second.period=1s",
				"ratelimit.tiers.loose.limits.per-minute.limit=5", "ratelimit.tiers.loose.limits.per-minute.period=1m",
				"ratelimit.tiers.trial.limits.per-minute.limit=5", "ratelimit.tiers.trial.limits.per-minute.period=1m",
				"ratelimit.filter.rules[0].paths=/api/rule/**", "ratelimit.filter.rules[0].tier=free" })
class WebFluxReshapedRefusalsHttpTests extends HttpTestBase {

	private final String apiKey = "key-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void adviceAnswersTheRefusalsOfAnnotatedHandlers() {
		HttpResponse<String> denied = exhaust("/api/free");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("X-Refused-By")).hasValue("advice");
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=" + retryAfter(denied));
		assertThat(denied.body()).isEqualTo("{\"error\":\"slow down\",\"status\":429}");
	}

	@Test
	void ownRejectionResponsesAnswerFunctionalRoutesAndPathRules() {
		for (String path : new String[] { "/fn/free", "/api/rule/thing" }) {
			RedisCommands.call(TestRedis.shared(), "FLUSHALL");
			HttpResponse<String> denied = exhaust(path);
			assertThat(denied.statusCode()).isEqualTo(429);
			assertThat(denied.headers().firstValue("X-Refused-By")).hasValue("responses");
			assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=" + retryAfter(denied));
			assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
			assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(denied.body()).isEqualTo("{\"error\":\"too many\"}");
		}
	}

	/**
	 * Return the refusal's {@code Retry-After}: 12 s for a token of 5 a minute, less the
	 * seconds the requests before took on a loaded machine.
	 */
	private static long retryAfter(HttpResponse<String> denied) {
		long retryAfter = Long.parseLong(denied.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 12L);
		return retryAfter;
	}

	private HttpResponse<String> exhaust(String path) {
		for (int i = 0; i < 5; i++) {
			assertThat(this.http.get(path, "X-API-Key", this.apiKey).statusCode()).isEqualTo(200);
		}
		return this.http.get(path, "X-API-Key", this.apiKey);
	}

	@Configuration(proxyBeanMethods = false)
	static class Reshaped {

		@Bean
		RejectionResponses rejectionResponses(ServerCodecConfigurer codecs) {
			return new RejectionResponses(codecs.getWriters()) {

				@Override
				public Mono<ServerResponse> response(RateLimitRefusal refusal, ServerWebExchange exchange) {
					return ServerResponse.status(refusal.getReport().status())
						.headers((headers) -> headers.putAll(refusal.getFields()))
						.header("X-Refused-By", "responses")
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(Map.of("error", "too many"));
				}

			};
		}

		@Bean
		RefusalAdvice refusalAdvice() {
			return new RefusalAdvice();
		}

	}

	@RestControllerAdvice
	static class RefusalAdvice {

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> refused(RateLimitRefusal refusal) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", "slow down");
			body.put("status", refusal.getReport().status().value());
			return ResponseEntity.status(refusal.getReport().status())
				.headers(refusal.getFields())
				.header("X-Refused-By", "advice")
				.body(body);
		}

	}

}
