package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's login, limited per address and per account at once, over real HTTP on the
 * Redis the sample starts. Behind a trusted proxy (loopback), as in compose.yaml, so that
 * each test is its own client address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "server.forward-headers-strategy=native" })
class LoginLimitsSampleTests {

	@LocalServerPort
	int port;

	@Test
	void oneAddressSprayingAHundredUsernamesReachesThePasswordCheckTwentyTimes() {
		String address = address();
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			statuses.add(login("user-" + UUID.randomUUID(), "wrong", address).statusCode());
		}
		assertThat(statuses.subList(0, 20)).containsOnly(401);
		assertThat(statuses.subList(20, 100)).containsOnly(429);
		HttpResponse<String> denied = login("user-" + UUID.randomUUID(), LoginController.DEMO_PASSWORD, address);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"tier\":\"login-address\"");
		// another address still logs in
		assertThat(login("user-" + UUID.randomUUID(), LoginController.DEMO_PASSWORD, address()).statusCode())
			.isEqualTo(200);
	}

	@Test
	void aDeniedAddressSpendsNothingOfTheAccountsItNames() {
		String address = address();
		for (int i = 0; i < 20; i++) {
			login("user-" + UUID.randomUUID(), "wrong", address);
		}
		String victim = "victim-" + UUID.randomUUID();
		for (int i = 0; i < 10; i++) {
			assertThat(login(victim, "wrong", address).statusCode()).isEqualTo(429);
		}
		// the account's five attempts are all still there
		for (int i = 0; i < 5; i++) {
			assertThat(login(victim, "wrong", address()).statusCode()).isEqualTo(401);
		}
	}

	@Test
	void aDeniedAccountSpendsNothingOfTheAddress() {
		String address = address();
		String victim = "victim-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			assertThat(login(victim, "wrong", address).statusCode()).isEqualTo(401);
		}
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> denied = login(victim, "wrong", address);
			assertThat(denied.statusCode()).isEqualTo(429);
			assertThat(denied.body()).contains("\"tier\":\"login\"");
		}
		// the address paid for the five attempts that reached the check only: 15 of 20
		// left
		for (int i = 0; i < 15; i++) {
			assertThat(login("user-" + UUID.randomUUID(), "wrong", address).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> byAddress = login("user-" + UUID.randomUUID(), "wrong", address);
		assertThat(byAddress.statusCode()).isEqualTo(429);
		assertThat(byAddress.body()).contains("\"tier\":\"login-address\"");
	}

	@Test
	void spellingsOfOneUsernameShareOneBudget() {
		int n = ThreadLocalRandom.current().nextInt(1_000_000);
		String digits = Integer.toString(n);
		StringBuilder fullWidth = new StringBuilder("ａｌｉｃｅ");
		digits.chars().forEach((digit) -> fullWidth.append((char) ('０' + (digit - '0'))));
		String[] spellings = { "alice" + digits, "Alice" + digits + " ", fullWidth.toString() };
		String address = address();
		for (int i = 0; i < 5; i++) {
			assertThat(login(spellings[i % 3], "wrong", address).statusCode()).isEqualTo(401);
		}
		for (String spelling : spellings) {
			HttpResponse<String> denied = login(spelling, LoginController.DEMO_PASSWORD, address());
			assertThat(denied.statusCode()).isEqualTo(429);
			assertThat(denied.body()).contains("\"tier\":\"login\"");
		}
	}

	private HttpResponse<String> login(String username, String password, String address) {
		return Http.postJson(this.port, "/api/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", "X-Forwarded-For", address);
	}

	private static String address() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "2001:db8:" + Integer.toHexString(random.nextInt(1 << 16)) + ":"
				+ Integer.toHexString(random.nextInt(1 << 16)) + "::1";
	}

}
