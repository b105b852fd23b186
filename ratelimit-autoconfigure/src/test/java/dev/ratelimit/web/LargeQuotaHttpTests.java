package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans as a pricing page writes them start and count over real HTTP with a real Redis: a
 * million a day and 5,000 per 30 days in one tier.
 */
@SharedApplicationTest
class LargeQuotaHttpTests extends HttpTestBase {

	private final String apiKey = "key-" + UUID.randomUUID();

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void aMillionADayAndFiveThousandPerThirtyDaysCountTogether() {
		HttpResponse<String> response = null;
		for (int i = 0; i < 3; i++) {
			response = this.http.get("/api/rules/plan/thing", "X-API-Key", this.apiKey);
			assertThat(response.statusCode()).isEqualTo(200);
		}
		assertThat(response.headers().firstValue("RateLimit-Limit")).hasValue("5000");
		assertThat(response.headers().firstValue("RateLimit-Remaining")).hasValue("4997");
		assertThat(response.headers().firstValue("RateLimit-Policy"))
			.hasValue("\"per-day\";q=1000000;w=86400, \"per-month\";q=5000;w=2592000");
		// Redis's own clock runs on: the day refills one unit every 86.4 ms, the month
		// one
		// every 518.4 s, so 3 units of the month take 1555.2 s less the time since the
		// first
		assertThat(response.headers().firstValue("RateLimit").orElseThrow())
			.matches("\"per-day\";r=\\d+;t=1, \"per-month\";r=4997;t=155[56]");
	}

}
