package dev.ratelimit.webflux;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisProcess;
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
import static org.awaitility.Awaitility.await;

/**
 * The failure policies on WebFlux over real HTTP with the application's own Redis
 * stopped, not paused: connections refused, the client reconnecting in vain. A
 * fail-closed tier answers 503 problem+json with {@code Retry-After}, a fail-open tier
 * admits without fields, a tier on the local fallback admits exactly this node's share
 * and denies the rest with the 429 contract; the outcomes reach the metrics. Never a 500.
 * Once Redis is back on its port, Redis decides again.
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ratelimit.redis.timeout=200ms",
				"spring.data.redis.connect-timeout=200ms", "ratelimit.fallback.expected-nodes=1",
				"ratelimit.circuit-breaker.wait-in-open-state=2s", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.free.failure-policy=local",
				"ratelimit.tiers.duo.limits.per-second.limit=3", "ratelimit.tiers.duo.limits.per-second.period=1s",
				"ratelimit.tiers.duo.failure-policy=fail-closed", "ratelimit.tiers.loose.limits.per-minute.limit=5",
				"ratelimit.tiers.loose.limits.per-minute.period=1m", "ratelimit.tiers.loose.failure-policy=fail-open",
				"ratelimit.tiers.trial.limits.per-minute.limit=5",
				"ratelimit.tiers.trial.limits.per-minute.period=1m" })
@DirtiesContext
class WebFluxRedisKilledHttpTests extends OwnRedisHttpTestBase {

	@Autowired
	MeterRegistry registry;

	@AfterEach
	void restart() {
		if (!redis.isAlive()) {
			redis = RedisProcess.start(redis.endpoint().port());
		}
	}

	@Test
	void whileRedisIsStoppedEachTierFollowsItsPolicyAndRedisDecidesOnceItIsBack() {
		Http http = new Http(this.port);
		String apiKey = "killed-" + UUID.randomUUID();
		HttpResponse<String> warm = http.get("/api/free", "X-API-Key", "warm-up");
		assertThat(warm.headers().firstValue("RateLimit-Remaining")).hasValue("4");
		assertThat(count("free", "allowed")).isEqualTo(1);
		redis.close();
		assertThat(redis.isAlive()).isFalse();

		HttpResponse<String> closed = http.get("/api/duo", "X-API-Key", apiKey);
		OutageAnswers.failedClosed(closed, 2);

		for (int i = 0; i < 8; i++) {
			HttpResponse<String> open = http.get("/api/loose", "X-API-Key", apiKey);
			assertThat(open.statusCode()).isEqualTo(200);
			assertThat(open.headers().firstValue("RateLimit-Remaining")).isEmpty();
		}

		OutageAnswers.localFallbackAdmitsFiveOfEight(http, apiKey);

		assertThat(count("duo", "fallback_denied")).isEqualTo(1);
		assertThat(count("loose", "fallback_allowed")).isEqualTo(8);
		assertThat(count("free", "fallback_allowed")).isEqualTo(5);
		assertThat(count("free", "fallback_denied")).isEqualTo(3);

		redis = RedisProcess.start(redis.endpoint().port());
		String back = "back-" + UUID.randomUUID();
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> http.get("/api/free", "X-API-Key", back)
				.headers()
				.firstValue("RateLimit-Remaining")
				.isPresent() && count("free", "allowed") > 1);
		HttpResponse<String> decided = http.get("/api/duo", "X-API-Key", back);
		assertThat(decided.statusCode()).isEqualTo(200);
		assertThat(decided.headers().firstValue("RateLimit-Remaining")).hasValue("2");
	}

	private double count(String tier, String outcome) {
		return RequestOutcomes.count(this.registry, tier, outcome);
	}

}
