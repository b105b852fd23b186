package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several counted clients on one endpoint, over real HTTP on a real standalone Redis:
 * every declaration of the handler is decided in one script call, so a denial by any
 * client charges none of them, whether the keys read the arguments (charged around the
 * call) or only the request (charged before the arguments).
 */
@SharedApplicationTest
class SeveralClientsHttpTests extends HttpTestBase {

	@Test
	void aSecondClientsDenialChargesNothingOnTheFirst() {
		String from = "from-" + UUID.randomUUID();
		String account = "account-" + UUID.randomUUID();
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		assertThat(login(from, account).statusCode()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> byAccount = login(from, account);
			assertThat(byAccount.statusCode()).isEqualTo(429);
			assertThat(byAccount.body()).contains("\"tier\":\"account\"").doesNotContain("\"tier\":\"address\"");
		}
		// the address paid for the two admitted attempts only: one of three is left
		assertThat(login(from, "other-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		HttpResponse<String> byAddress = login(from, "other-" + UUID.randomUUID());
		assertThat(byAddress.statusCode()).isEqualTo(429);
		assertThat(byAddress.body()).contains("\"tier\":\"address\"");
	}

	@Test
	void aFirstClientsDenialChargesNothingOnTheSecond() {
		String from = "from-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			assertThat(login(from, "spray-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		}
		String victim = "victim-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			assertThat(login(from, victim).statusCode()).isEqualTo(429);
		}
		String elsewhere = "from-" + UUID.randomUUID();
		assertThat(login(elsewhere, victim).statusCode()).isEqualTo(200);
		assertThat(login(elsewhere, victim).statusCode()).isEqualTo(200);
		assertThat(login(elsewhere, victim).statusCode()).isEqualTo(429);
	}

	@Test
	void keysReadingOnlyTheRequestAreDecidedTogetherToo() {
		String from = "from-" + UUID.randomUUID();
		String account = "account-" + UUID.randomUUID();
		assertThat(headerLogin(from, account).statusCode()).isEqualTo(200);
		assertThat(headerLogin(from, account).statusCode()).isEqualTo(200);
		assertThat(headerLogin(from, account).statusCode()).isEqualTo(429);
		assertThat(headerLogin(from, "other-" + UUID.randomUUID()).statusCode()).isEqualTo(200);
		assertThat(headerLogin(from, "other-" + UUID.randomUUID()).statusCode()).isEqualTo(429);
	}

	@Test
	void anAdmittedRequestCarriesBothClientsFields() {
		HttpResponse<String> response = login("from-" + UUID.randomUUID(), "account-" + UUID.randomUUID());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("RateLimit"))
			.containsExactly("\"address.attempts\";r=2;t=3600, \"account.attempts\";r=1;t=3600");
	}

	private HttpResponse<String> login(String from, String account) {
		return this.http.get("/several/login?from=" + from + "&account=" + account);
	}

	private HttpResponse<String> headerLogin(String from, String account) {
		return this.http.get("/several/header-login", "X-From", from, "X-Account", account);
	}

	@RestController
	static class Login {

		@RateLimited(tier = "address", key = "#from")
		@RateLimited(tier = "account", key = "#account")
		@GetMapping("/several/login")
		Map<String, String> login(@RequestParam String from, @RequestParam String account) {
			return Map.of("ok", account);
		}

		@RateLimited(tier = "address", key = "#request.getHeader('X-From')")
		@RateLimited(tier = "account", key = "#request.getHeader('X-Account')")
		@GetMapping("/several/header-login")
		Map<String, String> headerLogin() {
			return Map.of("ok", "yes");
		}

	}

}
