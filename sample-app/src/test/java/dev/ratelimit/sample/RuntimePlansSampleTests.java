package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's runtime plans over real HTTP, on the Redis the sample starts: a tenant's
 * plan changed through the admin endpoint applies to its next request, with its state
 * carried over. The admin endpoints take the admin's credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", Http.ADMIN_PASSWORD_PROPERTY })
class RuntimePlansSampleTests {

	@LocalServerPort
	int port;

	private final String tenant = "acme-" + UUID.randomUUID();

	@BeforeEach
	void warmUpTheAdminsAuthentication() {
		// the first authenticated call pays for class loading and the password hash;
		// made here, it cannot delay the counted requests of a test past the refill of a
		// tenth of a token (3.6 s), which would show in RateLimit-Remaining
		assertThat(Http.get(this.port, "/admin/tenants/warm-up/plan", Http.admin()).statusCode()).isEqualTo(404);
	}

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
		assertThat(Http.get(this.port, "/admin/tenants/" + this.tenant + "/plan", Http.admin()).body())
			.contains("\"limit\":1000");
	}

	@Test
	void aTenantsPlanMayCountACalendarMonthInItsOwnZone() {
		ZoneId zone = ZoneId.of("America/New_York");
		ZonedDateTime start = ZonedDateTime.now(zone).toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
		HttpResponse<String> changed = put("/admin/tenants/" + this.tenant + "/plan",
				"[{\"name\":\"per-month\",\"limit\":3,\"calendar\":\"calendar-month\",\"zone\":\"America/New_York\"}]");
		assertThat(changed.statusCode()).isEqualTo(200);
		HttpResponse<String> first = orders();
		assertThat(Http.header(first, "RateLimit-Policy"))
			.isEqualTo("\"per-month\";q=3;w=" + Duration.between(start, start.plusMonths(1)).toSeconds());
		assertThat(orders().statusCode()).isEqualTo(200);
		assertThat(orders().statusCode()).isEqualTo(200);
		assertThat(orders().statusCode()).isEqualTo(429);
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
		return Http.putJson(this.port, path, json, Http.admin());
	}

}
