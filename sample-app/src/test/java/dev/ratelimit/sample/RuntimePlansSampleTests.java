package dev.ratelimit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's runtime plans over real HTTP, on the Redis the sample starts: a tenant's
 * plan changed through the admin endpoint applies to its next request, with its state
 * carried over.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ratelimit.redis.timeout=5s")
class RuntimePlansSampleTests {

	@LocalServerPort
	int port;

	private final String tenant = "acme-" + UUID.randomUUID();

	@Test
	void planChangeAppliesToTheNextRequestAndKeepsHowFullTheBucketIs() {
		for (int i = 0; i < 5; i++) {
			assertThat(orders().statusCode()).isEqualTo(200);
		}
		HttpResponse<String> before = orders();
		assertThat(Http.header(before, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=100;w=3600");
		assertThat(Http.header(before, "RateLimit-Remaining")).isEqualTo("94");
		HttpResponse<String> changed = put("/admin/tenants/" + this.tenant + "/plan",
				"[{\"name\":\"per-hour\",\"limit\":1000,\"period\":\"PT1H\",\"algorithm\":\"token-bucket\"}]");
		assertThat(changed.statusCode()).isEqualTo(200);
		HttpResponse<String> after = orders();
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(Http.header(after, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=1000;w=3600");
		// 94 of 100 left is 940 of 1000 left; this request takes one
		assertThat(Http.header(after, "RateLimit-Remaining")).isEqualTo("939");
		assertThat(Http.get(this.port, "/admin/tenants/" + this.tenant + "/plan").body()).contains("\"limit\":1000");
	}

	@Test
	void invalidPlanIsServedByTheTiersConfiguredLimits() {
		put("/admin/tenants/" + this.tenant + "/plan",
				"[{\"name\":\"per-hour\",\"limit\":0,\"period\":\"PT1H\",\"algorithm\":\"token-bucket\"}]");
		HttpResponse<String> response = orders();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=100;w=3600");
	}

	@Test
	void aPaidKeyIsCountedOnTheTenantsBudgetAndRuntimePlan() {
		put("/admin/tenants/" + this.tenant + "/plan",
				"[{\"name\":\"per-hour\",\"limit\":5,\"period\":\"PT1H\",\"algorithm\":\"token-bucket\"}]");
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = Http.get(this.port, "/api/tenants/" + this.tenant + "/orders", "X-API-Key",
					"demo-paid-key");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(Http.header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=5;w=3600");
			assertThat(Http.header(response, "RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
		}
		assertThat(Http.get(this.port, "/api/tenants/" + this.tenant + "/orders", "X-API-Key", "demo-paid-key")
			.statusCode()).isEqualTo(429);
		assertThat(orders().statusCode()).isEqualTo(429);
	}

	private HttpResponse<String> orders() {
		return Http.get(this.port, "/api/tenants/" + this.tenant + "/orders");
	}

	private HttpResponse<String> put(String path, String json) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build();
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
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
