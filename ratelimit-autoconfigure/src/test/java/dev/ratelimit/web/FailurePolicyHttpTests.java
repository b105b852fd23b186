package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.ratelimit.web.app.OutageHttpTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis gone, a fail-open tier keeps answering 200 and a fail-closed tier answers
 * 503 problem+json with Retry-After; never a 500.
 */
@OutageApplicationTest
class FailurePolicyHttpTests extends OutageHttpTestBase {

	private final String apiKey = "policy-" + UUID.randomUUID();

	@Test
	void tiersFollowTheirOwnPolicyWhileRedisIsGone() {
		assertThat(this.http.get("/api/free", "X-API-Key", this.apiKey).headers().firstValue("RateLimit-Remaining"))
			.hasValue("4");
		redis.close();
		for (int i = 0; i < 10; i++) {
			HttpResponse<String> open = this.http.get("/api/free", "X-API-Key", this.apiKey);
			assertThat(open.statusCode()).isEqualTo(200);
			assertThat(open.headers().firstValue("RateLimit-Remaining")).isEmpty();
		}
		HttpResponse<String> closed = this.http.get("/api/duo", "X-API-Key", this.apiKey);
		assertThat(closed.statusCode()).isEqualTo(503);
		assertThat(closed.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(closed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(closed.body()).contains("\"status\":503", "\"title\":\"Service Unavailable\"",
				"\"reason\":\"limiter-unavailable\"", "\"tier\":\"duo\"");
	}

}
