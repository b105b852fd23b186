package dev.ratelimit.samplewebflux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux sample as a user runs it: no Redis configured, so it starts its own, no
 * servlet API on the class path, and every endpoint limited over real HTTP. The sample
 * runs behind a trusted proxy (loopback), so that each test is its own client address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "server.forward-headers-strategy=native" })
class SampleWebFluxApplicationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	private final String address = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + ":"
			+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + "::1";

	@Test
	void runsWithoutTheServletApi() {
		assertThat(ClassUtils.isPresent("jakarta.servlet.Servlet", getClass().getClassLoader())).isFalse();
		assertThat(
				ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet", getClass().getClassLoader()))
			.isFalse();
	}

	@Test
	void annotatedMonoHandlerAdmitsThreeOfThreeThenAnswers429() {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> admitted = get("/api/hello");
			assertThat(admitted.statusCode()).isEqualTo(200);
			assertThat(admitted.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(2 - i));
		}
		HttpResponse<String> denied = get("/api/hello");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("20");
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=20");
		assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=3;w=60");
		assertThat(denied.body()).contains("\"status\":429", "\"tier\":\"free\"", "\"limit\":\"per-minute\"",
				"\"violated-policies\":[\"per-minute\"]", "\"instance\":\"/api/hello\"");
	}

	@Test
	void streamingFluxHandlerIsChargedItsCostBeforeItStreams() {
		HttpResponse<String> first = get("/api/ticks");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("1");
		assertThat(first.body()).contains("data:0", "data:2");
		assertThat(get("/api/ticks").statusCode()).isEqualTo(429);
		assertThat(get("/api/hello").statusCode()).isEqualTo(200);
	}

	@Test
	void functionalRouteSharesTheCallersTier() {
		assertThat(get("/fn/quote").statusCode()).isEqualTo(200);
		assertThat(get("/api/hello").statusCode()).isEqualTo(200);
		assertThat(get("/fn/quote").statusCode()).isEqualTo(200);
		HttpResponse<String> denied = get("/fn/quote");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"instance\":\"/fn/quote\"");
	}

	@Test
	void listedKeyGetsItsPlan() {
		HttpResponse<String> paid = get("/api/hello", "X-API-Key", "demo-paid-key");
		assertThat(paid.statusCode()).isEqualTo(200);
		assertThat(paid.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=30;w=60");
	}

	@Test
	void shadowPathRuleCountsButDeniesNobody() {
		for (int i = 0; i < 12; i++) {
			assertThat(get("/api/search/term" + i).statusCode()).isEqualTo(200);
		}
		assertThat(get("/api/search/last").headers().firstValue("RateLimit-Remaining")).hasValue("0");
	}

	@Test
	void pingIsNeverLimited() {
		for (int i = 0; i < 10; i++) {
			assertThat(get("/api/ping").statusCode()).isEqualTo(200);
		}
	}

	private HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Forwarded-For", this.address);
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
