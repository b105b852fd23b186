package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiers charged after the response on the local backend, over real HTTP: this node's
 * limiter gives back a success on a tier counting failures only, and charges a result's
 * tokens into debt.
 */
@LocalApplicationTest
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
