package dev.ratelimit.webflux;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.webflux.app.WebFluxTestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response contract of the servlet side ({@code RateLimitHttpTests}), on WebFlux over
 * real HTTP, with a real Redis behind the limiter: the same tiers, the same counts, the
 * same fields and problem body, for annotated handlers returning {@code Mono} and
 * {@code Flux}, a functional route and path rules.
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ratelimit.redis.timeout=5s",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.limits.per-minute.limit=10", "ratelimit.tiers.paid.limits.per-minute.period=1m",
				"ratelimit.tiers.paid.limits.per-minute.burst=20", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.duo.limits.per-day.limit=8",
				"ratelimit.tiers.duo.limits.per-day.period=1d", "ratelimit.tiers.free.plan=true",
				"ratelimit.tiers.paid.plan=true", "ratelimit.tiers.paid.api-keys=paid-key-123",
				"ratelimit.filter.rules[0].paths=/api/rule/**,/api/both", "ratelimit.filter.rules[0].tier=free",
				"ratelimit.tiers.loose.limits.per-minute.limit=5", "ratelimit.tiers.loose.limits.per-minute.period=1m",
				"ratelimit.tiers.trial.limits.per-minute.limit=5", "ratelimit.tiers.trial.limits.per-minute.period=1m",
				"ratelimit.tiers.trial.mode=shadow" })
class WebFluxRateLimitHttpTests extends HttpTestBase {

	private final String apiKey = "key-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	private HttpResponse<String> get(String path) {
		return this.http.get(path, "X-API-Key", this.apiKey);
	}

	@Test
	void allowedResponseCarriesExactFields() {
		HttpResponse<String> response = get("/api/free");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Limit")).isEqualTo("5");
		assertThat(header(response, "RateLimit-Remaining")).isEqualTo("4");
		assertThat(header(response, "RateLimit-Reset")).isEqualTo("12");
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=5;w=60");
		assertThat(header(response, "RateLimit")).isEqualTo("\"per-minute\";r=4;t=12");
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
		assertThat(response.body()).isEqualTo("{\"ok\":\"free\"}");
	}

	@Test
	void deniedResponseIsA429ProblemWithExactFields() {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/api/free").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> denied = get("/api/free");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
		assertThat(header(denied, "RateLimit-Limit")).isEqualTo("5");
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(header(denied, "RateLimit-Reset")).isEqualTo("60");
		assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=5;w=60");
		assertThat(header(denied, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=12");
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(denied.body()).contains("\"status\":429", "\"title\":\"Too Many Requests\"", "\"tier\":\"free\"",
				"\"limit\":\"per-minute\"", "\"retryAfter\":12",
				"\"detail\":\"Limit 'per-minute' of tier 'free' is exhausted; retry in 12 s.\"",
				"\"instance\":\"/api/free\"", "\"violated-policies\":[\"per-minute\"]",
				"{\"name\":\"per-minute\",\"quota\":5,\"window\":60,\"remaining\":0,\"reset\":12,\"violated\":true}");
	}

	@Test
	void fluxHandlerAdmitsExactlyTheBurstThenDenies() {
		assertThat(admitted("/api/flux", 8, "X-API-Key", this.apiKey)).isEqualTo(5);
		HttpResponse<String> denied = get("/api/flux");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
	}

	@Test
	void functionalRouteAdmitsExactlyTheBurstWithTheSameContract() {
		HttpResponse<String> first = get("/fn/free");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit")).isEqualTo("\"per-minute\";r=4;t=12");
		assertThat(admitted("/fn/free", 8, "X-API-Key", this.apiKey)).isEqualTo(4);
		HttpResponse<String> denied = get("/fn/free");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
		assertThat(denied.body()).contains("\"instance\":\"/fn/free\"", "\"violated-policies\":[\"per-minute\"]");
	}

	@Test
	void shadowTierDeniesNobodyAndStillReportsTheLimit() {
		for (int i = 0; i < 8; i++) {
			assertThat(get("/api/trial").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> wouldBeDenied = get("/api/trial");
		assertThat(wouldBeDenied.statusCode()).isEqualTo(200);
		assertThat(header(wouldBeDenied, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(header(wouldBeDenied, "RateLimit")).isEqualTo("\"per-minute\";r=0;t=12");
		assertThat(wouldBeDenied.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void eachTierAdmitsExactlyItsBurst() {
		assertThat(admitted("/api/free", 20, "X-API-Key", this.apiKey)).isEqualTo(5);
		assertThat(admitted("/api/free", 30, "X-API-Key", "paid-key-123")).isEqualTo(20);
	}

	@Test
	void keyTierOverridesTheAnnotatedTier() {
		HttpResponse<String> response = this.http.get("/api/free", "X-API-Key", "paid-key-123");
		assertThat(header(response, "RateLimit-Limit")).isEqualTo("20");
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-minute\";q=20;w=120");
	}

	@Test
	void filterRuleLimitsPathsWithoutAnnotations() {
		assertThat(admitted("/api/rule/thing", 10, "X-API-Key", this.apiKey)).isEqualTo(5);
		HttpResponse<String> denied = get("/api/rule/thing");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
		assertThat(get("/api/open").statusCode()).isEqualTo(200);
	}

	@Test
	void ruleAndAnnotationOnTheSameTierChargeOnce() {
		assertThat(admitted("/api/both", 10, "X-API-Key", this.apiKey)).isEqualTo(5);
	}

	@Test
	void costIsChargedPerCall() {
		assertThat(header(get("/api/costly"), "RateLimit-Remaining")).isEqualTo("2");
		HttpResponse<String> denied = get("/api/costly");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("2");
		assertThat(header(denied, "Retry-After")).isEqualTo("12");
	}

	@Test
	void costAboveBurstIsDeniedWithoutAnEndlessWait() {
		HttpResponse<String> denied = get("/api/too-costly");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).isEmpty();
		assertThat(denied.body()).contains("\"reason\":\"cost-exceeds-capacity\"");
		assertThat(get("/api/free").statusCode()).isEqualTo(200);
	}

	@Test
	void addressKeyCountsTheCallerNetworkWhateverItsKey() {
		int admitted = 0;
		for (int i = 0; i < 8; i++) {
			if (this.http.get("/api/address", "X-API-Key", "key-" + i).statusCode() == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void denialByOneLimitConsumesNothingFromTheOther() {
		assertThat(admitted("/api/duo", 6, "X-API-Key", this.apiKey)).isBetween(3, 4);
		HttpResponse<String> denied = get("/api/duo");
		assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"per-second\";q=3;w=1, \"per-day\";q=8;w=86400");
		assertThat(header(denied, "RateLimit")).matches("\"per-second\";r=0;t=1, \"per-day\";r=[45];t=\\d+");
	}

	@Test
	void forgedForwardedForDoesNotEscapeTheAddressBucket() {
		int admitted = 0;
		for (int i = 0; i < 12; i++) {
			String forged = "203.0.113." + i;
			if (this.http.get("/api/free", "X-Forwarded-For", forged, "Forwarded", "for=" + forged)
				.statusCode() == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void authenticatedPrincipalsAreCountedByName() {
		String alice = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes());
		String bob = "Basic " + Base64.getEncoder().encodeToString("bob:secret".getBytes());
		assertThat(admitted("/api/free", 7, "Authorization", alice)).isEqualTo(5);
		assertThat(admitted("/api/free", 7, "Authorization", bob)).isEqualTo(5);
		assertThat(admitted("/api/free", 7)).isEqualTo(5);
	}

	private int admitted(String path, int attempts, String... headers) {
		int admitted = 0;
		for (int i = 0; i < attempts; i++) {
			int status = this.http.get(path, headers).statusCode();
			assertThat(status).isIn(200, 429);
			if (status == 200) {
				admitted++;
			}
		}
		return admitted;
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}
