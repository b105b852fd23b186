package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiers charged after the response on the local backend, over real HTTP: this node's
 * limiter gives back a success on a tier counting failures only, and charges a result's
 * tokens into debt.
 */
@SpringBootTest(classes = { TestApplication.class, ChargeAfterResponseHttpTests.Endpoints.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.login.counted-statuses=4xx",
				"ratelimit.tiers.login.limits.failures.limit=5", "ratelimit.tiers.login.limits.failures.period=1h",
				"ratelimit.tiers.login.limits.failures.algorithm=fixed-window",
				"ratelimit.tiers.tokens.cost-from-result=tokens", "ratelimit.tiers.tokens.limits.per-day.limit=1000",
				"ratelimit.tiers.tokens.limits.per-day.period=1d", "ratelimit.tiers.header-tokens.limits.l.limit=1",
				"ratelimit.tiers.header-tokens.limits.l.period=1m", "ratelimit.tiers.reports.limits.l.limit=1",
				"ratelimit.tiers.reports.limits.l.period=1m", "ratelimit.tiers.reports-charged.limits.l.limit=1",
				"ratelimit.tiers.reports-charged.limits.l.period=1m" })
class LocalChargeAfterResponseHttpTests extends HttpTestBase {

	private final String account = "user-" + UUID.randomUUID();

	private final String apiKey = "local-after-" + UUID.randomUUID();

	@Test
	void successesAreGivenBackAndFailuresCount() {
		for (int i = 0; i < 10; i++) {
			assertThat(login("right").statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 5; i++) {
			assertThat(login("wrong").statusCode()).isEqualTo(401);
		}
		assertThat(login("right").statusCode()).isEqualTo(429);
	}

	@Test
	void aResultsTokensAreChargedIntoDebt() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(this.http.postJson("/after/complete?tokens=300", "", "X-API-Key", this.apiKey).statusCode());
		}
		assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
	}

	private HttpResponse<String> login(String password) {
		return this.http.postJson("/after/login",
				"{\"username\":\"" + this.account + "\",\"password\":\"" + password + "\"}");
	}

}
