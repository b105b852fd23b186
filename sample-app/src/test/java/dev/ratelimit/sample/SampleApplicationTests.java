package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a user runs it: no Redis configured, so it starts its own, and every
 * configured feature answers over real HTTP. The changes are a generous Redis budget, so
 * that a loaded build machine cannot turn decisions into fallback ones, and the sample
 * behind a trusted proxy (loopback) as in compose.yaml, so that each test is its own
 * client address: an API key the sample does not know counts for nothing. Actuator's
 * {@code ratelimits} endpoint takes the admin's credentials.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "ratelimit.redis.timeout=5s",
		"server.forward-headers-strategy=native", Http.ADMIN_PASSWORD_PROPERTY })
class SampleApplicationTests {

	@LocalServerPort
	int port;

	private final String apiKey = "smoke-" + UUID.randomUUID();

	private final String address = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + ":"
			+ Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16)) + "::1";

	@Test
	void runsWithoutTheReactiveStack() {
		assertThat(
				ClassUtils.isPresent("org.springframework.web.reactive.DispatcherHandler", getClass().getClassLoader()))
			.isFalse();
	}

	@Test
	void pingIsNeverLimited() {
		for (int i = 0; i < 30; i++) {
			assertThat(Http.get(this.port, "/api/ping").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void resourceAdmitsTheFreeBurstThenAnswers429() {
		int admitted = 0;
		HttpResponse<String> response = resource(this.apiKey);
		while (response.statusCode() == 200 && admitted < 40) {
			admitted++;
			response = resource(this.apiKey);
		}
		// burst 20, plus at most the one token a second refilled while the loop runs
		assertThat(admitted).isBetween(20, 25);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(Http.header(response, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(Http.header(response, "Retry-After")).isEqualTo("1");
		assertThat(response.body()).contains("\"tier\":\"free\"", "\"limit\":\"per-minute\"");
	}

	@Test
	void freeTierCarriesTheDailyQuotaOnTopOfThePerMinuteLimit() {
		assertThat(Http.header(resource(this.apiKey), "RateLimit-Policy"))
			.isEqualTo("\"per-minute\";q=20;w=20, \"per-day\";q=1000;w=86400");
	}

	@Test
	void prometheusServesTheLimiterMetricsWithoutClientValues() {
		resource(this.apiKey);
		String scrape = Http.get(this.port, "/actuator/prometheus").body();
		assertThat(scrape).contains("ratelimit_requests_total{limit=\"per-minute\",outcome=\"allowed\",tier=\"free\"}")
			.contains("ratelimit_backend_latency_seconds_bucket{")
			.contains("ratelimit_circuit_state{state=\"closed\"} 1.0")
			.doesNotContain(this.apiKey)
			.doesNotContain(this.address);
	}

	@Test
	void listedApiKeyGetsThePaidTier() {
		HttpResponse<String> response = resource("demo-paid-key");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.header(response, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=100;w=10");
	}

	@Test
	void loginAttemptsAreCountedPerUsername() {
		String user = "user-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			assertThat(login(user, "wrong").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> denied = login(user, LoginController.DEMO_PASSWORD);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"tier\":\"login\"");
		assertThat(login("other-" + user, LoginController.DEMO_PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void thePaidKeyGetsFiveLoginAttemptsLikeAnyoneWhateverTheUsernamesCase() {
		String user = "user-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			String username = (i % 2 == 0) ? user.toUpperCase(Locale.ROOT) : user;
			assertThat(login(username, "wrong", "X-API-Key", "demo-paid-key").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> denied = login(user, LoginController.DEMO_PASSWORD, "X-API-Key", "demo-paid-key");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"tier\":\"login\"");
	}

	@Test
	void reportsChargeTheTenantNotTheCaller() {
		String tenant = "tenant-" + UUID.randomUUID();
		HttpResponse<String> first = Http.get(this.port, "/api/tenants/" + tenant + "/report", "X-API-Key", "a");
		HttpResponse<String> second = Http.get(this.port, "/api/tenants/" + tenant + "/report", "X-API-Key", "b");
		assertThat(Http.header(first, "RateLimit-Remaining")).isEqualTo("95");
		assertThat(Http.header(second, "RateLimit-Remaining")).isEqualTo("90");
	}

	@Test
	void reportsCountACalendarMonthInBerlin() {
		ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Berlin"));
		ZonedDateTime start = now.toLocalDate().withDayOfMonth(1).atStartOfDay(now.getZone());
		ZonedDateTime end = start.plusMonths(1);
		HttpResponse<String> response = Http.get(this.port, "/api/tenants/tenant-" + UUID.randomUUID() + "/report");
		assertThat(Http.header(response, "RateLimit-Policy"))
			.isEqualTo("\"per-hour\";q=100;w=3600, \"per-month\";q=2000;w=" + Duration.between(start, end).toSeconds());
		Matcher state = Pattern.compile("\"per-month\";r=(\\d+);t=(\\d+)").matcher(Http.header(response, "RateLimit"));
		assertThat(state.find()).isTrue();
		assertThat(state.group(1)).isEqualTo("1995");
		// until midnight on the 1st, Berlin time, on Redis's clock
		assertThat(Long.parseLong(state.group(2))).isBetween(Duration.between(now, end).toSeconds() - 5,
				Duration.between(now, end).toSeconds() + 1);
	}

	@Test
	void filterRuleLimitsSearchWithoutAnAnnotation() {
		HttpResponse<String> response = Http.get(this.port, "/api/search?q=redis", "X-API-Key", this.apiKey);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Http.header(response, "RateLimit-Policy")).isEqualTo("\"per-second\";q=10;w=2");
	}

	@Test
	void actuatorDescribesTheTiersAndReadsAClientsStanding() {
		HttpResponse<String> tiers = Http.get(this.port, "/actuator/ratelimits", Http.admin());
		assertThat(tiers.statusCode()).isEqualTo(200);
		assertThat(tiers.body()).contains("\"login\"", "fail-closed", "sliding-window-counter", "fixed-window",
				"\"inFlight\":{\"name\":\"in-flight\",\"concurrent\":3,\"maxDuration\":\"PT2M\"}");
		resource(this.apiKey);
		HttpResponse<String> standing = Http.postJson(this.port, "/actuator/ratelimits/standing",
				"{\"tier\":\"free\",\"client\":\"ip:" + this.address + "\"}", Http.admin());
		assertThat(standing.statusCode()).isEqualTo(200);
		// the day's fixed window keeps its count; the minute's bucket refills one unit a
		// second, so a slow machine may read it full again
		assertThat(standing.body()).contains("\"tier\":\"free\"", "\"remaining\":999")
			.containsPattern("\"remaining\":(19|20)[,}]")
			.doesNotContain(this.address);
	}

	private HttpResponse<String> resource(String apiKey) {
		return Http.get(this.port, "/api/resource", "X-API-Key", apiKey, "X-Forwarded-For", this.address);
	}

	private HttpResponse<String> login(String username, String password, String... headers) {
		return Http.postJson(this.port, "/api/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", headers);
	}

}
