package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans as a pricing page writes them start and count over real HTTP with a real Redis: a
 * million a day and 5,000 per 30 days in one tier.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.plan.limits.per-day.limit=1000000",
				"ratelimit.tiers.plan.limits.per-day.period=1d", "ratelimit.tiers.plan.limits.per-month.limit=5000",
				"ratelimit.tiers.plan.limits.per-month.period=30d", "ratelimit.filter.rules[0].paths=/api/rule/**",
				"ratelimit.filter.rules[0].tier=plan" })
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
			response = this.http.get("/api/rule/thing", "X-API-Key", this.apiKey);
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
