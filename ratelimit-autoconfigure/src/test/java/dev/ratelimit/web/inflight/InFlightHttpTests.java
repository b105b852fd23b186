package dev.ratelimit.web.inflight;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.metrics.InFlightPermitsMetrics;
import dev.ratelimit.metrics.MicrometerRateLimitObserver;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.SharedApplicationTest;
import dev.ratelimit.web.app.HttpTestBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests in flight over real HTTP on a real Redis: a client's requests beyond the
 * concurrency limit are denied with the fields and the problem body while the others are
 * held, and every kind of handler releases its permit once its response is complete.
 */
@SharedApplicationTest
class InFlightHttpTests extends HttpTestBase {

	/**
	 * The shared application's key prefix: only this class holds in-flight permits under
	 * it, and it releases every one it takes.
	 */
	private static final String PREFIX = "rl:";

	private static final HttpClient client = HttpClient.newHttpClient();

	@Autowired
	private Gate gate;

	@Autowired
	private MeterRegistry registry;

	@AfterEach
	void openGate() {
		this.gate.open();
	}

	@Test
	void tenConcurrentRequestsOfOneClientAdmitThreeAndDenySevenWithTheFields() throws Exception {
		String apiKey = "ten-" + UUID.randomUUID();
		double deniedBefore = denials();
		this.gate.close();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			responses.add(sendAsync("/api/hold", apiKey));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> responses.stream().filter(CompletableFuture::isDone).count() == 7);
		assertThat(this.gate.entered()).isEqualTo(3);
		assertThat(held()).isEqualTo(3);
		assertThat(denials() - deniedBefore).isEqualTo(7);
		List<HttpResponse<String>> denied = responses.stream()
			.filter(CompletableFuture::isDone)
			.map(CompletableFuture::join)
			.toList();
		for (HttpResponse<String> response : denied) {
			assertThat(response.statusCode()).isEqualTo(429);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("RateLimit-Limit")).hasValue("3");
			assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue("0");
			assertThat(response.headers().firstValue("RateLimit-Reset")).hasValue("1");
			assertThat(response.headers().firstValue("RateLimit-Policy"))
				.hasValue("\"in-flight\";q=3;qu=\"concurrent-requests\"");
			assertThat(response.headers().firstValue("RateLimit")).hasValue("\"in-flight\";r=0");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"status\":429", "\"tier\":\"export\"", "\"limit\":\"in-flight\"",
					"\"reason\":\"limit-exceeded\"", "\"retryAfter\":1", "\"violated-policies\":[\"in-flight\"]",
					"{\"name\":\"in-flight\",\"quota\":3,\"unit\":\"concurrent-requests\",\"remaining\":0,"
							+ "\"violated\":true}");
		}
		this.gate.open();
		List<String> admitted = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			HttpResponse<String> done = response.get(20, TimeUnit.SECONDS);
			if (!denied.contains(done)) {
				assertThat(done.statusCode()).isEqualTo(200);
				admitted.add(done.headers().firstValue("RateLimit").orElseThrow());
			}
		}
		assertThat(admitted).containsExactlyInAnyOrder("\"in-flight\";r=2", "\"in-flight\";r=1", "\"in-flight\";r=0");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inFlight()).isZero());
		assertThat(held()).isZero();
		HttpResponse<String> next = this.http.get("/api/hold", "X-API-Key", apiKey);
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(next.headers().firstValue("RateLimit-Remaining")).hasValue("2");
	}

	@Test
	void aRequestDeniedForBeingOneTooManyInFlightIsChargedNoRateAndARateDenialFreesItsPermitAtOnce() throws Exception {
		String apiKey = "mixed-" + UUID.randomUUID();
		this.gate.close();
		List<CompletableFuture<HttpResponse<String>>> held = List.of(sendAsync("/api/mixed", apiKey),
				sendAsync("/api/mixed", apiKey));
		assertThat(this.gate.awaitEntered(2)).isTrue();
		HttpResponse<String> tooMany = this.http.get("/api/mixed", "X-API-Key", apiKey);
		assertThat(tooMany.statusCode()).isEqualTo(429);
		assertThat(tooMany.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"in-flight\";q=2;qu=\"concurrent-requests\"");
		this.gate.open();
		for (CompletableFuture<HttpResponse<String>> response : held) {
			assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inFlight()).isZero());
		HttpResponse<String> third = this.http.get("/api/mixed", "X-API-Key", apiKey);
		assertThat(third.statusCode()).isEqualTo(200);
		assertThat(third.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"per-minute\";q=3;w=60, \"in-flight\";q=2;qu=\"concurrent-requests\"");
		assertThat(third.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=60, \"in-flight\";r=1");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(inFlight()).isZero());
		HttpResponse<String> overRate = this.http.get("/api/mixed", "X-API-Key", apiKey);
		assertThat(overRate.statusCode()).isEqualTo(429);
		assertThat(overRate.body()).contains("\"violated-policies\":[\"per-minute\"]");
		assertThat(inFlight()).isZero();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "callable, 200", "deferred, 200", "streaming, 200", "sse, 200", "failing, 500" })
	void aHandlerHoldsItsPermitUntilItsResponseIsComplete(String kind, int status) throws Exception {
		String apiKey = kind + "-" + UUID.randomUUID();
		this.gate.close();
		CompletableFuture<HttpResponse<String>> held = sendAsync("/api/single/" + kind, apiKey);
		assertThat(this.gate.awaitEntered(1)).isTrue();
		assertThat(this.http.get("/api/single/quick", "X-API-Key", apiKey).statusCode()).isEqualTo(429);
		this.gate.open();
		assertThat(held.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(status);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.http.get("/api/single/quick", "X-API-Key", apiKey).statusCode())
				.isEqualTo(200));
	}

	@Test
	void aPathRuleHoldsAPermitUntilTheResponseIsComplete() throws Exception {
		String apiKey = "ruled-" + UUID.randomUUID();
		this.gate.close();
		CompletableFuture<HttpResponse<String>> held = sendAsync("/api/ruled", apiKey);
		assertThat(this.gate.awaitEntered(1)).isTrue();
		HttpResponse<String> denied = this.http.get("/api/ruled", "X-API-Key", apiKey);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"one\";q=1;qu=\"concurrent-requests\"");
		this.gate.open();
		assertThat(held.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(this.http.get("/api/ruled", "X-API-Key", apiKey).statusCode()).isEqualTo(200));
	}

	@Test
	void aClientThatGoesAwayReleasesItsPermit() throws Exception {
		String apiKey = "gone-" + UUID.randomUUID();
		this.gate.close();
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /api/single/endless HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + apiKey + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(Http.readStatus(in)).isEqualTo(200);
			assertThat(this.gate.awaitEntered(1)).isTrue();
			assertThat(this.http.get("/api/single/quick", "X-API-Key", apiKey).statusCode()).isEqualTo(429);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.http.get("/api/single/quick", "X-API-Key", apiKey).statusCode())
				.isEqualTo(200));
	}

	private CompletableFuture<HttpResponse<String>> sendAsync(String path, String apiKey) {
		return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-API-Key", apiKey)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private double held() {
		return this.registry.get(InFlightPermitsMetrics.IN_FLIGHT).tags("tier", "export").gauge().value();
	}

	private double denials() {
		Counter counter = this.registry.find(MicrometerRateLimitObserver.REQUESTS)
			.tags("tier", "export", "limit", "in-flight", "outcome", "denied")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	/**
	 * Return the permits held in Redis across every client and limit of this test.
	 */
	private long inFlight() {
		long held = 0;
		for (Object key : (List<?>) RedisCommands.call(TestRedis.shared(), "KEYS", PREFIX + "*#in-flight")) {
			held += (Long) RedisCommands.call(TestRedis.shared(), "ZCARD", String.valueOf(key));
		}
		return held;
	}

}
