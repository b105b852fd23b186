package dev.ratelimit.web.inflight;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.metrics.InFlightPermitsMetrics;
import dev.ratelimit.web.OutageApplicationTest;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.OutageHttpTestBase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests in flight while Redis is frozen ({@code SIGSTOP}): a tier falling back locally
 * holds this node's share of its limit, {@code ceil(3 / 2)} of 2 nodes, and releases
 * those permits here; a fail-closed tier answers 503 and a fail-open tier admits.
 */
@OutageApplicationTest
class InFlightFallbackHttpTests extends OutageHttpTestBase {

	private static final HttpClient client = HttpClient.newHttpClient();

	@Autowired
	private Gate gate;

	@Autowired
	private MeterRegistry registry;

	@AfterEach
	void resume() {
		this.gate.open();
		redis.resume();
	}

	@Test
	void whileRedisIsFrozenEachTierFollowsItsPolicyAndTheLocalFallbackHoldsTheNodesShare() throws Exception {
		Http http = new Http(this.port);
		String apiKey = "frozen-" + UUID.randomUUID();
		redis.pause();
		this.gate.close();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			responses
				.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/hold"))
					.header("X-API-Key", apiKey)
					.build(), HttpResponse.BodyHandlers.ofString()));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> responses.stream().filter(CompletableFuture::isDone).count() + this.gate.entered() == 3);
		assertThat(this.gate.entered()).isEqualTo(2);
		assertThat(this.registry.get(InFlightPermitsMetrics.IN_FLIGHT).tags("tier", "export").gauge().value())
			.isEqualTo(2);
		HttpResponse<String> denied = responses.stream()
			.filter(CompletableFuture::isDone)
			.map(CompletableFuture::join)
			.findFirst()
			.orElseThrow();
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"in-flight\";q=2;qu=\"concurrent-requests\"");
		HttpResponse<String> closed = http.get("/api/mixed", "X-API-Key", apiKey);
		assertThat(closed.statusCode()).isEqualTo(503);
		assertThat(closed.body()).contains("\"reason\":\"limiter-unavailable\"", "\"tier\":\"mixed\"");
		HttpResponse<String> open = http.get("/api/single/quick", "X-API-Key", apiKey);
		assertThat(open.statusCode()).isEqualTo(200);
		assertThat(open.headers().firstValue("RateLimit")).isEmpty();
		this.gate.open();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isIn(200, 429);
		}
		// released here, never in the frozen Redis
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.registry.get(InFlightPermitsMetrics.IN_FLIGHT).tags("tier", "export").gauge().value())
				.isZero());
		HttpResponse<String> again = http.get("/api/hold", "X-API-Key", apiKey);
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.headers().firstValue("RateLimit")).hasValue("\"in-flight\";r=1");
	}

}
