package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response contract over real HTTP, with a real Redis behind the limiter.
 */
@SharedApplicationTest
class RateLimitHttpTests extends HttpTestBase {

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
				"\"instance\":\"/api/free\"",
				"{\"name\":\"per-minute\",\"quota\":5,\"window\":60,\"remaining\":0,\"reset\":12,\"violated\":true}");
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
	void spelKeyCountsEachTenantSeparately() {
		assertThat(admitted("/api/tenant/a", 8, "X-API-Key", this.apiKey)).isEqualTo(5);
		assertThat(admitted("/api/tenant/b", 8, "X-API-Key", this.apiKey)).isEqualTo(5);
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
		String alice = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes());
		String bob = "Basic " + java.util.Base64.getEncoder().encodeToString("bob:secret".getBytes());
		assertThat(admitted("/api/free", 7, "Authorization", alice)).isEqualTo(5);
		assertThat(admitted("/api/free", 7, "Authorization", bob)).isEqualTo(5);
		assertThat(admitted("/api/free", 7)).isEqualTo(5);
	}

	@Test
	void hostileKeysNeverFailAndAlwaysMakeFixedLengthKeys() {
		String huge = "k".repeat(10 * 1024);
		assertThat(this.http.get("/api/free", "X-API-Key", huge).statusCode()).isEqualTo(200);
		byte[] nonAscii = "X-API-Key: \u00e9\u00e8\u00ff\u0001\u0002\u007f\r\n".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(this.http.rawGet("/api/free", nonAscii)).isIn(200, 400);
		for (int i = 0; i < 300; i++) {
			assertThat(this.http.get("/api/free", "X-API-Key", UUID.randomUUID() + "\u00e9").statusCode())
				.isEqualTo(200);
		}
		@SuppressWarnings("unchecked")
		List<String> keys = (List<String>) RedisCommands.call(TestRedis.shared(), "KEYS", "*");
		// each key lives 12 s (one token of 5 per minute), so on a slow machine the first
		// ones may already be gone: the point is that none is long and none lives forever
		assertThat(keys).isNotEmpty();
		for (String key : keys) {
			assertThat(key).hasSize("rl:{free:}:per-minute".length() + 22).doesNotContain(huge.substring(0, 50));
			assertThat((Long) RedisCommands.call(TestRedis.shared(), "PTTL", key)).isNotEqualTo(-1L);
		}
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
