package dev.ratelimit.samplegatewaywebflux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.ratelimit.testsupport.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive gateway sample as its one command starts it (embedded Redis, its own
 * backend), on a free port: its configured route and its Java DSL route admit their tiers
 * exactly and pass the backend's response on, then answer the 429 contract; its
 * {@code RequestRateLimiter} route charges the same budget.
 */
class GatewayWebFluxSampleApplicationTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	static ConfigurableApplicationContext gateway;

	static int port;

	@BeforeAll
	static void start() {
		port = FreePorts.any();
		gateway = SpringApplication.run(GatewayWebFluxSampleApplication.class, "--server.port=" + port,
				"--spring.main.banner-mode=off",
				// the sample's limits over an hour, not a minute: nothing refills while a
				// loaded machine runs the test
				"--ratelimit.tiers.free.limits.per-minute.period=1h",
				"--ratelimit.tiers.reports.limits.per-minute.period=1h");
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void configuredRouteAdmitsTheFreeTierThenAnswersTheContract() {
		for (String remaining : new String[] { "2", "1", "0" }) {
			HttpResponse<String> allowed = get("/api/hello");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.body()).isEqualTo("{\"path\":\"/backend/api/hello\"}");
			assertThat(allowed.headers().firstValue("X-Served-By")).hasValue("sample-gateway-webflux-backend");
			assertThat(allowed.headers().firstValue("RateLimit-Limit")).hasValue("3");
			assertThat(allowed.headers().firstValue("RateLimit-Remaining")).hasValue(remaining);
			assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=3;w=3600");
			assertThat(allowed.headers().allValues("RateLimit-Remaining")).hasSize(1);
		}
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> denied = get("/api/hello");
			assertThat(denied.statusCode()).isEqualTo(429);
			// a unit comes back every 20 s: what is left of that depends on the time gone
			// by
			String retryAfter = denied.headers().firstValue("Retry-After").orElseThrow();
			assertThat(Integer.parseInt(retryAfter)).isBetween(1100, 1200);
			assertThat(denied.headers().firstValue("RateLimit-Limit")).hasValue("3");
			assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
			assertThat(Integer.parseInt(denied.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(3500,
					3600);
			assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=3;w=3600");
			assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=" + retryAfter);
			assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(denied.headers().firstValue("X-Served-By")).isEmpty();
			assertThat(denied.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"",
					"\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"", "\"tier\":\"free\"",
					"\"limit\":\"per-minute\"", "\"retryAfter\":" + retryAfter,
					"\"detail\":\"Limit 'per-minute' of tier 'free' is exhausted; retry in " + retryAfter + " s.\"",
					"\"instance\":\"/api/hello\"", "\"violated-policies\":[\"per-minute\"]",
					"{\"name\":\"per-minute\",\"quota\":3,\"window\":3600,\"remaining\":0,\"reset\":" + retryAfter
							+ ",\"violated\":true}");
		}
		// the RequestRateLimiter route charges the same tier: the same client's budget
		HttpResponse<String> kept = get("/kept/hello");
		assertThat(kept.statusCode()).isEqualTo(429);
		assertThat(kept.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=3;w=3600");
		assertThat(kept.headers().firstValue("Retry-After")).isPresent();
		assertThat(kept.body()).isEmpty();
	}

	@Test
	void javaDslRouteChargesFiveUnitsARequest() {
		for (String remaining : new String[] { "15", "10", "5", "0" }) {
			HttpResponse<String> allowed = get("/reports/monthly");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.body()).isEqualTo("{\"path\":\"/backend/reports/monthly\"}");
			assertThat(allowed.headers().firstValue("RateLimit-Remaining")).hasValue(remaining);
		}
		HttpResponse<String> denied = get("/reports/monthly");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"tier\":\"reports\"");
	}

	@Test
	void noServletApiOnTheClassPath() {
		assertThat(present("jakarta.servlet.http.HttpServletRequest")).isFalse();
		assertThat(present("org.springframework.web.servlet.DispatcherServlet")).isFalse();
	}

	private static boolean present(String className) {
		try {
			Class.forName(className, false, GatewayWebFluxSampleApplicationTests.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	private static HttpResponse<String> get(String path) {
		try {
			return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
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
