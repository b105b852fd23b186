package dev.ratelimit.gateway.mvc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.testsupport.Http;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.ratelimit.testsupport.Http.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the servlet side settles once a response is complete holds for a route's response:
 * a permit of a concurrency limit is held while the backend answers and freed once it
 * has, and a tier charged after the response counts only the statuses it names.
 */
@SpringBootTest(classes = GatewayTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.fallback.expected-nodes=1",
				"ratelimit.tiers.single.limits.one.concurrent=1", "ratelimit.tiers.login.counted-statuses=4xx",
				"ratelimit.tiers.login.limits.failures.limit=2", "ratelimit.tiers.login.limits.failures.period=1m",
				"ratelimit.tiers.login.limits.failures.algorithm=fixed-window",
				"spring.cloud.gateway.server.webmvc.routes[0].id=single",
				"spring.cloud.gateway.server.webmvc.routes[0].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/single/**",
				"spring.cloud.gateway.server.webmvc.routes[0].filters[0]=RateLimit=single",
				"spring.cloud.gateway.server.webmvc.routes[1].id=login",
				"spring.cloud.gateway.server.webmvc.routes[1].uri=${test.backend}",
				"spring.cloud.gateway.server.webmvc.routes[1].predicates[0]=Path=/login/**",
				"spring.cloud.gateway.server.webmvc.routes[1].filters[0]=RateLimit=login" })
class RouteCompletionHttpTests {

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

	@AfterAll
	static void stop() {
		backend.close();
		redis.close();
	}

	@Test
	void routeHoldsItsPermitWhileTheBackendAnswersAndFreesItOnceItHas() throws Exception {
		CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/single/slow")).build(),
					HttpResponse.BodyHandlers.ofString());
		backend.awaitSlowArrival();
		HttpResponse<String> second = Http.get(this.port, "/single/fast");
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(header(second, "Retry-After")).isEqualTo("1");
		assertThat(second.body()).contains("\"tier\":\"single\"", "\"limit\":\"one\"",
				"\"unit\":\"concurrent-requests\"");
		backend.release();
		assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		// the permit is freed once the response is complete, which the client may see
		// a moment before the server has finished the request
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Http.get(this.port, "/single/fast").statusCode()).isEqualTo(200));
	}

	@Test
	void tierChargedAfterTheResponseCountsOnlyTheBackendsFailures() {
		for (int i = 0; i < 5; i++) {
			assertThat(Http.get(this.port, "/login/ok").statusCode()).isEqualTo(200);
		}
		assertThat(Http.get(this.port, "/login/fail").statusCode()).isEqualTo(401);
		assertThat(Http.get(this.port, "/login/fail").statusCode()).isEqualTo(401);
		// a failure is charged once its response is complete, which the client may see a
		// moment before; an admitted request costs nothing, so asking again changes no
		// count
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> denied = Http.get(this.port, "/login/ok");
			assertThat(denied.statusCode()).isEqualTo(429);
			assertThat(denied.body()).contains("\"tier\":\"login\"", "\"limit\":\"failures\"");
		});
	}

}
