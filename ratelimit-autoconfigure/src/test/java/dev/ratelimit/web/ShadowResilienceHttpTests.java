package dev.ratelimit.web;

import java.net.http.HttpResponse;

import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.RequestOutcomes;
import dev.ratelimit.web.app.OwnRedisHttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shadow mode denies nobody in any state: with Redis gone, a shadow tier failing closed
 * serves every request and counts it as {@code shadow_unavailable}, and a shadow tier on
 * the local fallback counts its would-be denials as {@code shadow_denied}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.mode=shadow", "ratelimit.tiers.free.limits.per-minute.limit=2",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.free.failure-policy=fail-closed",
				"ratelimit.tiers.duo.limits.per-minute.limit=1", "ratelimit.tiers.duo.limits.per-minute.period=1m",
				"ratelimit.filter.rules[0].paths=/api/rule/**", "ratelimit.filter.rules[0].tier=free",
				"ratelimit.circuit-breaker.wait-in-open-state=30s", "spring.data.redis.connect-timeout=200ms" })
@DirtiesContext
class ShadowResilienceHttpTests extends OwnRedisHttpTestBase {

	@Autowired
	MeterRegistry registry;

	@Test
	void redisDownShadowServesEveryRequestWhateverThePolicy() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/free", "X-API-Key", "a").statusCode()).isEqualTo(200);
		redis.close();
		for (int i = 0; i < 10; i++) {
			for (String path : new String[] { "/api/free", "/api/rule/thing", "/api/duo" }) {
				HttpResponse<String> response = http.get(path, "X-API-Key", "a");
				assertThat(response.statusCode()).as(path).isEqualTo(200);
				assertThat(response.headers().firstValue("Retry-After")).as(path).isEmpty();
			}
		}
		assertThat(count("free", "shadow_unavailable")).isEqualTo(20);
		assertThat(count("free", "fallback_denied")).isZero();
		assertThat(count("duo", "fallback_allowed")).isEqualTo(1);
		assertThat(count("duo", "shadow_denied")).isEqualTo(9);
	}

	private double count(String tier, String outcome) {
		return RequestOutcomes.count(this.registry, tier, outcome);
	}

}
