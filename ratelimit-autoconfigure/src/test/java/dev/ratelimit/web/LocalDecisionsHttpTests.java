package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deny cache and leasing over real HTTP, with a real Redis whose script calls are
 * counted from {@code INFO commandstats}: local answers keep the response contract.
 */
@SharedApplicationTest
class LocalDecisionsHttpTests extends HttpTestBase {

	private static final Pattern SCRIPT_CALLS = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)");

	@Autowired
	RateLimitsEndpoint endpoint;

	private final String apiKey = "key-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
		// loads the script, so that every later request is exactly one EVALSHA
		this.http.get("/local/cached", "X-API-Key", "warm-up-" + UUID.randomUUID());
	}

	@Test
	void cachedDenialKeepsThe429Contract() {
		for (int i = 0; i < 5; i++) {
			assertThat(get().statusCode()).isEqualTo(200);
		}
		HttpResponse<String> fromRedis = get();
		long calls = scriptCalls();
		HttpResponse<String> cached = get();
		assertThat(scriptCalls()).isEqualTo(calls);
		assertThat(cached.statusCode()).isEqualTo(fromRedis.statusCode()).isEqualTo(429);
		for (String name : new String[] { "Content-Type", "RateLimit-Limit", "RateLimit-Remaining",
				"RateLimit-Policy" }) {
			assertThat(header(cached, name)).as(name).isEqualTo(header(fromRedis, name));
		}
		assertThat(header(fromRedis, "Retry-After")).isEqualTo("720");
		// counting down: the same or, past a second boundary, one less
		assertThat(seconds(cached, "Retry-After")).isBetween(719L, 720L);
		assertThat(seconds(cached, "RateLimit-Reset")).isBetween(3599L, 3600L);
		assertThat(header(cached, "RateLimit")).matches("\"per-hour\";r=0;t=(719|720)");
		assertThat(cached.body()).contains("\"status\":429", "\"reason\":\"limit-exceeded\"", "\"tier\":\"cached\"",
				"\"limit\":\"per-hour\"", "\"violated\":true");
	}

	@Test
	void hammeringClientCostsOneScriptCallPerRetryAfter() {
		long before = scriptCalls();
		int denied = 0;
		for (int i = 0; i < 305; i++) {
			if (get().statusCode() == 429) {
				denied++;
			}
		}
		long calls = scriptCalls() - before;
		assertThat(denied).isEqualTo(300);
		assertThat(calls).isEqualTo(5 + 1);
	}

	@Test
	void resetThroughTheEndpointClearsThisNodesCachedDenial() {
		for (int i = 0; i < 7; i++) {
			get();
		}
		this.endpoint.client("reset", "cached", "key:" + this.apiKey);
		HttpResponse<String> afterReset = get();
		assertThat(afterReset.statusCode()).isEqualTo(200);
		assertThat(header(afterReset, "RateLimit-Remaining")).isEqualTo("4");
	}

	@Test
	void leasedRequestsCountDownLikeSharedOnesWithAScriptCallPerLease() {
		long before = scriptCalls();
		for (int left = 19; left >= 0; left--) {
			HttpResponse<String> response = this.http.get("/local/cached", "X-API-Key", "leasing-key");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo(Long.toString(left));
		}
		HttpResponse<String> denied = this.http.get("/local/cached", "X-API-Key", "leasing-key");
		assertThat(denied.statusCode()).isEqualTo(429);
		// one unit back every 3 minutes, counted from the first lease
		assertThat(seconds(denied, "Retry-After")).isBetween(170L, 180L);
		assertThat(scriptCalls() - before).isEqualTo(20 / 5 + 1);
	}

	private HttpResponse<String> get() {
		return this.http.get("/local/cached", "X-API-Key", this.apiKey);
	}

	private static long scriptCalls() {
		String info = (String) RedisCommands.call(TestRedis.shared(), "INFO", "commandstats");
		long calls = 0;
		Matcher matcher = SCRIPT_CALLS.matcher(info);
		while (matcher.find()) {
			calls += Long.parseLong(matcher.group(1));
		}
		return calls;
	}

	private static long seconds(HttpResponse<?> response, String name) {
		return Long.parseLong(header(response, name));
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "cached")
		@GetMapping("/local/cached")
		Map<String, String> cached() {
			return Map.of("ok", "cached");
		}

	}

}
