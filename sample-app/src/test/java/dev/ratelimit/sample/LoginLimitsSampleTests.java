package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's login, limited per address (every attempt) and per account (failures only)
 * at once, over real HTTP on the Redis the sample starts. Behind a trusted proxy
 * (loopback), as in compose.yaml, so that each test is its own client address. The admin
 * resets an account as {@code spel:} and the account, and an address as {@code ip:} and
 * the address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "ratelimit.redis.timeout=5s",
		"server.forward-headers-strategy=native", Http.ADMIN_PASSWORD_PROPERTY })
class LoginLimitsSampleTests {

	@LocalServerPort
	int port;

	@Test
	void tenCorrectLoginsAreNoGuessingButFiveFailuresDenyEvenTheRightPassword() {
		String account = "alice-" + UUID.randomUUID();
		for (int i = 0; i < 10; i++) {
			assertThat(login(account, LoginController.DEMO_PASSWORD, address()).statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 5; i++) {
			assertThat(login(account, "wrong", address()).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> denied = login(account, LoginController.DEMO_PASSWORD, address());
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains("\"tier\":\"login\"");
	}

	@Test
	void aBurstOfParallelGuessesOnOneAccountReachesThePasswordCheckFiveTimes() throws Exception {
		String account = "victim-" + UUID.randomUUID();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> attempts = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				attempts.add(pool.submit(() -> {
					start.await();
					return login(account, "wrong", address()).statusCode();
				}));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> attempt : attempts) {
				statuses.add(attempt.get(30, TimeUnit.SECONDS));
			}
			assertThat(statuses).filteredOn((status) -> status == 401).hasSize(5);
			assertThat(statuses).filteredOn((status) -> status == 429).hasSize(35);
		}
		finally {
			pool.shutdown();
		}
	}

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

	@Test
	void theAdminResetsAnAccountAsSpelAndAnAddressAsIp() {
		String address = address();
		String account = "user-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			assertThat(login(account, "wrong", address).statusCode()).isEqualTo(401);
		}
		assertThat(login(account, LoginController.DEMO_PASSWORD, address()).statusCode()).isEqualTo(429);
		HttpResponse<String> accountReset = reset("login", "spel:" + account);
		assertThat(accountReset.statusCode()).isEqualTo(200);
		assertThat(accountReset.body()).contains("\"existed\":true");
		assertThat(login(account, LoginController.DEMO_PASSWORD, address()).statusCode()).isEqualTo(200);
		// the address spent 5 of its 20 on the account's attempts
		for (int i = 0; i < 15; i++) {
			assertThat(login("user-" + UUID.randomUUID(), "wrong", address).statusCode()).isEqualTo(401);
		}
		assertThat(login("user-" + UUID.randomUUID(), "wrong", address).statusCode()).isEqualTo(429);
		HttpResponse<String> addressReset = reset("login-address", "ip:" + address);
		assertThat(addressReset.statusCode()).isEqualTo(200);
		assertThat(addressReset.body()).contains("\"existed\":true");
		assertThat(login("user-" + UUID.randomUUID(), LoginController.DEMO_PASSWORD, address).statusCode())
			.isEqualTo(200);
	}

	private HttpResponse<String> reset(String tier, String client) {
		return Http.postJson(this.port, "/actuator/ratelimits/reset",
				"{\"tier\":\"" + tier + "\",\"client\":\"" + client + "\"}",
				Http.concat(Http.admin(), "X-Forwarded-For", address()));
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
