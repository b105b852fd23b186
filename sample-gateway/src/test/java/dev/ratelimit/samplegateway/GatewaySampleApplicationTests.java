package dev.ratelimit.samplegateway;

import java.net.http.HttpResponse;

import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway sample as its one command starts it (embedded Redis, its own backend), on a
 * free port: its configured route and its Java DSL route admit their tiers exactly and
 * pass the backend's response on, then answer the 429 contract.
 */
class GatewaySampleApplicationTests {

	static ConfigurableApplicationContext gateway;

	static int port;

	@BeforeAll
	static void start() {
		port = FreePorts.any();
		gateway = SpringApplication.run(GatewaySampleApplication.class, "--server.port=" + port,
				"--spring.main.banner-mode=off",
				// the sample's limits over an hour, not a minute: nothing refills while a
				// loaded machine runs the test
				"--ratelimit.tiers.free.limits.per-minute.period=1h",
				"--ratelimit.tiers.paid.limits.per-minute.period=1h",
				"--ratelimit.tiers.reports.limits.per-minute.period=1h");
	}

	@AfterAll
	static void stop() {
		gateway.close();
	}

	@Test
	void configuredRouteAdmitsTheFreeTierThenDenies() {
		for (String remaining : new String[] { "2", "1", "0" }) {
			HttpResponse<String> allowed = get("/api/hello", "X-Client", "configured");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.body()).isEqualTo("{\"path\":\"/backend/api/hello\"}");
			assertThat(allowed.headers().firstValue("X-Served-By")).hasValue("sample-gateway-backend");
			assertThat(allowed.headers().firstValue("RateLimit-Remaining")).hasValue(remaining);
			assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=3;w=3600");
		}
		HttpResponse<String> denied = get("/api/hello");
		assertThat(denied.statusCode()).isEqualTo(429);
		// a unit comes back every 1200 s: what is left of that depends on the time gone
		// by
		String retryAfter = denied.headers().firstValue("Retry-After").orElseThrow();
		assertThat(Integer.parseInt(retryAfter)).isBetween(1100, 1200);
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=" + retryAfter);
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(denied.headers().firstValue("X-Served-By")).isEmpty();
		assertThat(denied.body()).contains("\"status\":429", "\"tier\":\"free\"", "\"instance\":\"/api/hello\"");
	}

	@Test
	void listedKeyGetsItsPlanOnTheSameRoute() {
		int admitted = 0;
		for (int i = 0; i < 35; i++) {
			if (get("/api/paid", "X-API-Key", "demo-paid-key").statusCode() == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(30);
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

	private static HttpResponse<String> get(String path, String... headers) {
		return Http.get(port, path, headers);
	}

}
