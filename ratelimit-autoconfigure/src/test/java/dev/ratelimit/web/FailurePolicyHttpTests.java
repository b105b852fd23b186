package dev.ratelimit.web;

import java.net.http.HttpResponse;

import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.OwnRedisHttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis gone, a fail-open tier keeps answering 200 and a fail-closed tier answers
 * 503 problem+json with Retry-After; never a 500.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.free.failure-policy=fail-open",
				"ratelimit.tiers.duo.limits.per-second.limit=3", "ratelimit.tiers.duo.limits.per-second.period=1s",
				"ratelimit.tiers.duo.failure-policy=fail-closed", "ratelimit.circuit-breaker.wait-in-open-state=30s",
				"spring.data.redis.connect-timeout=200ms" })
@DirtiesContext
class FailurePolicyHttpTests extends OwnRedisHttpTestBase {

	@Test
	void tiersFollowTheirOwnPolicyWhileRedisIsGone() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/free", "X-API-Key", "a").headers().firstValue("RateLimit-Remaining")).hasValue("4");
		redis.close();
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> open = http.get("/api/free", "X-API-Key", "a");
			assertThat(open.statusCode()).isEqualTo(200);
			assertThat(open.headers().firstValue("RateLimit-Remaining")).isEmpty();
		}
		HttpResponse<String> closed = http.get("/api/duo", "X-API-Key", "a");
		assertThat(closed.statusCode()).isEqualTo(503);
		assertThat(closed.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(closed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(closed.body()).contains("\"status\":503", "\"title\":\"Service Unavailable\"",
				"\"reason\":\"limiter-unavailable\"", "\"tier\":\"duo\"");
	}

}
