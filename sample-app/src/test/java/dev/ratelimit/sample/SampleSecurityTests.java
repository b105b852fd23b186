package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's security over real HTTP, on the Redis the sample starts: resetting a
 * client's standing and changing a tenant's plan take the admin's HTTP Basic credentials;
 * {@code /api/**}, {@code health} and {@code prometheus} stay open, health without
 * details. Behind a trusted proxy (loopback), so that each test is its own client address
 * for the {@code admin-guard} rule. The free tier refills one token every three minutes,
 * never during a test, so its counts are exact.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "server.forward-headers-strategy=native",
				Http.ADMIN_PASSWORD_PROPERTY, "ratelimit.tiers.free.limits.per-minute.period=1h",
				"ratelimit.tiers.free.limits.per-minute.limit=20" })
class SampleSecurityTests {

	private static final String WRONG_PASSWORD = "not-" + Http.ADMIN_PASSWORD;

	@LocalServerPort
	int port;

	private final String address = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + ":"
			+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + "::1";

	private final String tenant = "acme-" + UUID.randomUUID();

	@Test
	void resetNeedsTheAdminsCredentials() {
		for (int i = 0; i < 3; i++) {
			assertThat(resource().statusCode()).isEqualTo(200);
		}
		HttpResponse<String> anonymous = reset();
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(Http.header(anonymous, "WWW-Authenticate")).startsWith("Basic ");
		assertThat(reset(Http.basic(SampleSecurityConfiguration.ADMIN, WRONG_PASSWORD)).statusCode()).isEqualTo(401);
		assertThat(reset(Http.basic("someone", Http.ADMIN_PASSWORD)).statusCode()).isEqualTo(401);
		// neither refused call reset anything: 3 taken of the burst of 20, this is the
		// 4th
		assertThat(Http.header(resource(), "RateLimit-Remaining")).isEqualTo("16");
		assertThat(reset(Http.admin()).statusCode()).isEqualTo(200);
		assertThat(Http.header(resource(), "RateLimit-Remaining")).isEqualTo("19");
	}

	@Test
	void planChangeNeedsTheAdminsCredentials() {
		String plan = "[{\"name\":\"per-hour\",\"limit\":1000000,\"period\":\"PT1H\",\"algorithm\":\"token-bucket\"}]";
		String path = "/admin/tenants/" + this.tenant + "/plan";
		assertThat(Http.putJson(this.port, path, plan, forwarded()).statusCode()).isEqualTo(401);
		assertThat(Http.putJson(this.port, path, plan, forwarded(Http.basic("admin", WRONG_PASSWORD))).statusCode())
			.isEqualTo(401);
		assertThat(Http.get(this.port, path, forwarded()).statusCode()).isEqualTo(401);
		assertThat(Http.send(this.port, "DELETE", path, "application/json", "", forwarded()).statusCode())
			.isEqualTo(401);
		assertThat(Http.header(orders(), "RateLimit-Policy")).isEqualTo("\"per-hour\";q=100;w=3600");
		assertThat(Http.putJson(this.port, path, plan, forwarded(Http.admin())).statusCode()).isEqualTo(200);
		assertThat(Http.header(orders(), "RateLimit-Policy")).isEqualTo("\"per-hour\";q=1000000;w=3600");
	}

	@Test
	void healthIsOpenWithoutDetailsAndChecksNoCredentials() {
		String status = "{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}";
		HttpResponse<String> anonymous = Http.get(this.port, "/actuator/health", forwarded());
		assertThat(anonymous.statusCode()).isEqualTo(200);
		// the status and the names of the probe groups, nothing about the parts
		assertThat(anonymous.body()).isEqualTo(status);
		// a wrong password is not even checked: no oracle for guessing it
		for (int i = 0; i < 25; i++) {
			HttpResponse<String> guess = Http.get(this.port, "/actuator/health",
					forwarded(Http.basic("admin", WRONG_PASSWORD + i)));
			assertThat(guess.statusCode()).isEqualTo(200);
			assertThat(guess.body()).isEqualTo(status);
		}
		assertThat(Http.get(this.port, "/actuator/prometheus", forwarded(Http.basic("admin", WRONG_PASSWORD)))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void prometheusIsOpen() {
		HttpResponse<String> scrape = Http.get(this.port, "/actuator/prometheus", forwarded());
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.body()).contains("ratelimit_circuit_state");
	}

	@Test
	void everyOtherActuatorEndpointNeedsTheAdmin() {
		for (String path : List.of("/actuator", "/actuator/ratelimits", "/actuator/metrics", "/actuator/info")) {
			assertThat(Http.get(this.port, path, forwarded()).statusCode()).as(path).isEqualTo(401);
		}
		assertThat(Http.get(this.port, "/actuator/ratelimits", forwarded(Http.admin())).statusCode()).isEqualTo(200);
	}

	@Test
	void apiIgnoresCredentialsAndNeedsNoCsrfToken() {
		HttpResponse<String> withBadCredentials = Http.get(this.port, "/api/ping",
				forwarded(Http.basic("admin", WRONG_PASSWORD)));
		assertThat(withBadCredentials.statusCode()).isEqualTo(200);
		HttpResponse<String> login = Http.postJson(this.port, "/api/login", "{\"username\":\"user-" + UUID.randomUUID()
				+ "\",\"password\":\"" + LoginController.DEMO_PASSWORD + "\"}", forwarded());
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(Http.header(login, "Set-Cookie")).isNull();
	}

	@Test
	void pathsOutsideApiAndAdminAreDenied() {
		assertThat(Http.get(this.port, "/internal", forwarded()).statusCode()).isEqualTo(403);
	}

	@Test
	void aCrossSiteFormCannotResetEvenWithTheAdminsCachedCredentials() {
		// what a page on another site can send without a CORS preflight: a text/plain
		// POST
		HttpResponse<String> form = Http.send(this.port, "POST", "/actuator/ratelimits/reset", "text/plain",
				"{\"tier\":\"free\",\"client\":\"ip:" + this.address + "\"}", forwarded(Http.admin()));
		assertThat(form.statusCode()).isEqualTo(415);
		// and the preflight for anything else is never granted
		HttpResponse<String> preflight = Http.send(this.port, "OPTIONS", "/admin/tenants/" + this.tenant + "/plan",
				"application/json", "", forwarded("Origin", "https://evil.example", "Access-Control-Request-Method",
						"PUT", "Access-Control-Request-Headers", "content-type"));
		assertThat(Http.header(preflight, "Access-Control-Allow-Origin")).isNull();
		assertThat(preflight.statusCode()).isIn(401, 403);
	}

	@Test
	void guessingTheAdminPasswordIsLimitedInFrontOfSecurity() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 22; i++) {
			statuses.add(reset(Http.basic("admin", WRONG_PASSWORD + i)).statusCode());
		}
		assertThat(statuses.subList(0, 20)).containsOnly(401);
		assertThat(statuses.subList(20, 22)).containsOnly(429);
		assertThat(reset(Http.admin()).statusCode()).as("right password, same address").isEqualTo(429);
		// one budget for every admin path
		assertThat(Http.get(this.port, "/actuator/ratelimits", forwarded(Http.admin())).statusCode()).isEqualTo(429);
		assertThat(Http.get(this.port, "/admin/tenants/" + this.tenant + "/plan", forwarded(Http.admin())).statusCode())
			.isEqualTo(429);
		for (String path : List.of("/actuator", "/actuator/info", "/actuator/metrics")) {
			assertThat(Http.get(this.port, path, forwarded(Http.admin())).statusCode()).as(path).isEqualTo(429);
		}
		assertThat(Http.get(this.port, "/api/ping", forwarded()).statusCode()).isEqualTo(200);
	}

	@Test
	void guessingOnAnyAdminEndpointSpendsTheSameBudget() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			statuses.add(Http.get(this.port, "/actuator/info", forwarded(Http.basic("admin", WRONG_PASSWORD + i)))
				.statusCode());
		}
		assertThat(statuses.subList(0, 20)).containsOnly(401);
		assertThat(statuses.get(20)).isEqualTo(429);
	}

	private HttpResponse<String> reset(String... headers) {
		return Http.postJson(this.port, "/actuator/ratelimits/reset",
				"{\"tier\":\"free\",\"client\":\"ip:" + this.address + "\"}", forwarded(headers));
	}

	private HttpResponse<String> resource() {
		return Http.get(this.port, "/api/resource", forwarded());
	}

	private HttpResponse<String> orders() {
		return Http.get(this.port, "/api/tenants/" + this.tenant + "/orders", forwarded());
	}

	private String[] forwarded(String... headers) {
		return Http.concat(headers, "X-Forwarded-For", this.address);
	}

}
