package dev.ratelimit.gateway.mvc;

import java.net.http.HttpResponse;

import dev.ratelimit.testsupport.Http;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.ratelimit.testsupport.Http.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's tier follows its failure policy and mode while Redis is frozen (SIGSTOP): a
 * tier failing closed answers the 503 contract without reaching the backend, a shadow
 * tier serves every request, over its limit too.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.fallback.expected-nodes=1", "ratelimit.redis.timeout=100ms",
				"ratelimit.circuit-breaker.wait-in-open-state=30s", "spring.data.redis.connect-timeout=200ms",
				"ratelimit.tiers.closed.limits.per-minute.limit=3",
				"ratelimit.tiers.closed.limits.per-minute.period=1m",
				"ratelimit.tiers.closed.failure-policy=fail-closed", "ratelimit.tiers.trial.limits.per-minute.limit=1",
				"ratelimit.tiers.trial.limits.per-minute.period=1m", "ratelimit.tiers.trial.mode=shadow",
				"ratelimit.tiers.trial.failure-policy=fail-closed",
				"spring.cloud.gateway.server.webmvc.routes[0].id=closed",
				"spring.cloud.gateway.server.webmvc.routes[0].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/closed/**",
				"spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=closed",
				"spring.cloud.gateway.server.webmvc.routes[1].id=trial",
				"spring.cloud.gateway.server.webmvc.routes[1].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[1].predicates[0]=Path=/trial/**",
				"spring.cloud.gateway.server.webmvc.routes[1].filters[0]=RateLimit=trial" })
@DirtiesContext
class RouteFailurePolicyHttpTests {

	static final RedisProcess redis = RedisProcess.start();

	static final Backend backend = Backend.start();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.endpoint().port());
		registry.add("test.backend", backend::uri);
	}

	@AfterEach
	void resume() {
		redis.resume();
	}

	@AfterAll
	static void stop() {
		backend.close();
		redis.close();
	}

	@Test
	void frozenRedisFailClosedRouteAnswersTheContractAndShadowRouteServesEveryRequest() {
		assertThat(Http.get(this.port, "/closed/a").statusCode()).isEqualTo(200);
		assertThat(Http.get(this.port, "/trial/a").statusCode()).isEqualTo(200);
		redis.pause();
		int servedBefore = backend.served();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> closed = Http.get(this.port, "/closed/a");
			assertThat(closed.statusCode()).isEqualTo(503);
			assertThat(header(closed, "Retry-After")).isEqualTo("30");
			assertThat(header(closed, "Content-Type")).isEqualTo("application/problem+json");
			assertThat(header(closed, "X-Backend")).isNull();
			assertThat(closed.body()).contains("\"status\":503", "\"title\":\"Service Unavailable\"",
					"\"type\":\"https://iana.org/assignments/http-problem-types#temporary-reduced-capacity\"",
					"\"reason\":\"limiter-unavailable\"", "\"tier\":\"closed\"", "\"retryAfter\":30",
					"\"instance\":\"/closed/a\"");
		}
		assertThat(backend.served()).isEqualTo(servedBefore);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> shadow = Http.get(this.port, "/trial/a");
			assertThat(shadow.statusCode()).isEqualTo(200);
			assertThat(header(shadow, "X-Backend")).isEqualTo("/trial/a");
			assertThat(shadow.headers().firstValue("Retry-After")).isEmpty();
		}
		assertThat(backend.served()).isEqualTo(servedBefore + 5);
	}

}
