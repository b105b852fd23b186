package dev.ratelimit.webflux;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.RequestOutcomes;
import dev.ratelimit.web.app.OwnRedisHttpTestBase;
import dev.ratelimit.webflux.app.WebFluxTestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failure policies on WebFlux over real HTTP, with the application's own Redis frozen
 * by SIGSTOP, so that every store call runs into the budget: a tier on the local fallback
 * admits exactly this node's share and denies the rest with the 429 contract, a
 * fail-closed tier answers 503 problem+json with {@code Retry-After}, a fail-open tier
 * admits without fields, and a shadow tier failing closed serves every request; the
 * outcomes reach the same metrics as on the servlet side. Never a 500.
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ratelimit.redis.timeout=200ms",
				"ratelimit.fallback.expected-nodes=1", "ratelimit.circuit-breaker.wait-in-open-state=30s",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.free.failure-policy=local", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.duo.failure-policy=fail-closed",
				"ratelimit.tiers.loose.limits.per-minute.limit=5", "ratelimit.tiers.loose.limits.per-minute.period=1m",
				"ratelimit.tiers.loose.failure-policy=fail-open", "ratelimit.tiers.trial.limits.per-minute.limit=5",
				"ratelimit.tiers.trial.limits.per-minute.period=1m", "ratelimit.tiers.trial.mode=shadow",
				"ratelimit.tiers.trial.failure-policy=fail-closed" })
@DirtiesContext
class WebFluxResilienceHttpTests extends OwnRedisHttpTestBase {

	@Autowired
	MeterRegistry registry;

	@AfterEach
	void resume() {
		redis.resume();
	}

	@Test
	void whileRedisIsFrozenEachTierFollowsItsPolicy() {
		Http http = new Http(this.port);
		String apiKey = "frozen-" + UUID.randomUUID();
		assertThat(http.get("/api/free", "X-API-Key", "warm-up").statusCode()).isEqualTo(200);
		redis.pause();
		OutageAnswers.localFallbackAdmitsFiveOfEight(http, apiKey);
		assertThat(count("free", "fallback_allowed")).isEqualTo(5);
		assertThat(count("free", "fallback_denied")).isEqualTo(3);

		HttpResponse<String> closed = http.get("/api/duo", "X-API-Key", apiKey);
		OutageAnswers.failedClosed(closed, 30);

		for (int i = 0; i < 8; i++) {
			HttpResponse<String> open = http.get("/api/loose", "X-API-Key", apiKey);
			assertThat(open.statusCode()).isEqualTo(200);
			assertThat(open.headers().firstValue("RateLimit-Remaining")).isEmpty();
			HttpResponse<String> shadow = http.get("/api/trial", "X-API-Key", apiKey);
			assertThat(shadow.statusCode()).isEqualTo(200);
			assertThat(shadow.headers().firstValue("Retry-After")).isEmpty();
		}
		assertThat(count("loose", "fallback_allowed")).isEqualTo(8);
		assertThat(count("trial", "shadow_unavailable")).isEqualTo(8);
	}

	private double count(String tier, String outcome) {
		return RequestOutcomes.count(this.registry, tier, outcome);
	}

}
