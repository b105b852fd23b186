package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisProcess;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.OwnRedisHttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tier charged after the response when Redis is gone: killed by the handler between the
 * charge before it and the settlement after it, the units the response costs beyond the
 * charge are owed and charged to Redis once it is back (an empty one here, so only the
 * owed units can have charged it); for a request the local fallback admitted, units that
 * would be given back are dropped and the client stays charged. Neither costs a 500.
 */
@SpringBootTest(classes = { TestApplication.class, ChargeAfterOutageHttpTests.Endpoints.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.tokens.cost-from-result=tokens",
				"ratelimit.tiers.tokens.limits.per-day.limit=1000", "ratelimit.tiers.tokens.limits.per-day.period=1d",
				"ratelimit.tiers.login.counted-statuses=4xx", "ratelimit.tiers.login.limits.failures.limit=5",
				"ratelimit.tiers.login.limits.failures.period=1d",
				"ratelimit.tiers.login.limits.failures.algorithm=fixed-window", "ratelimit.redis.timeout=100ms",
				"ratelimit.circuit-breaker.wait-in-open-state=200ms", "spring.data.redis.connect-timeout=200ms" })
@DirtiesContext
class ChargeAfterOutageHttpTests extends OwnRedisHttpTestBase {

	private final String apiKey = "outage-" + UUID.randomUUID();

	@Test
	void unitsBeyondTheChargeOwedWhileRedisIsGoneAreChargedWhenItIsBack() {
		Http http = new Http(this.port);
		int port = redis.endpoint().port();
		// the handler kills Redis: the 899 tokens beyond the charge cannot be settled
		HttpResponse<String> killed = http.postJson("/outage/complete?tokens=900&kill=true", "", "X-API-Key",
				this.apiKey);
		assertThat(killed.statusCode()).isEqualTo(200);
		assertThat(killed.body()).isEqualTo("{\"tokens\":900}");
		// an empty Redis on the same port: only what this node owes can charge it
		redis = RedisProcess.start(port);
		int[] probes = { 0 };
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			probes[0]++;
			HttpResponse<String> probe = http.postJson("/outage/complete?tokens=1", "", "X-API-Key", this.apiKey);
			return probe.headers()
				.firstValue("RateLimit-Remaining")
				.filter((remaining) -> remaining.equals(Integer.toString(1000 - 899 - probes[0])))
				.isPresent();
		});
	}

	@Test
	void aRefundForARequestTheFallbackAdmittedIsDroppedAndTheClientStaysCharged() {
		Http http = new Http(this.port);
		int port = redis.endpoint().port();
		redis.close();
		try {
			assertThat(login(http, "right").statusCode()).isEqualTo(200);
			for (int i = 0; i < 4; i++) {
				assertThat(login(http, "wrong").statusCode()).isEqualTo(401);
			}
			assertThat(login(http, "right").statusCode()).isEqualTo(429);
		}
		finally {
			redis = RedisProcess.start(port);
		}
	}

	private HttpResponse<String> login(Http http, String password) {
		return http.postJson("/outage/login?password=" + password, "", "X-API-Key", this.apiKey);
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "tokens")
		@PostMapping("/outage/complete")
		Map<String, Long> complete(@RequestParam long tokens, @RequestParam(defaultValue = "false") boolean kill) {
			if (kill) {
				redis.close();
			}
			return Map.of("tokens", tokens);
		}

		@RateLimited(tier = "login")
		@PostMapping("/outage/login")
		ResponseEntity<Map<String, String>> login(@RequestParam String password) {
			return "right".equals(password) ? ResponseEntity.ok(Map.of("status", "signed in"))
					: ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("status", "bad credentials"));
		}

	}

}
