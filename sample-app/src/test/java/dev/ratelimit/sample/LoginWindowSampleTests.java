package dev.ratelimit.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's login with a window of 4 s instead of a minute, over real HTTP on the
 * Redis the sample starts: after five failures the right password is denied until the
 * window has moved on, then admitted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "ratelimit.redis.timeout=5s",
		"ratelimit.tiers.login.limits.failures.period=4s", "server.forward-headers-strategy=native" })
class LoginWindowSampleTests {

	@LocalServerPort
	int port;

	private final String address = "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16))
			+ ":2::1";

	@Test
	void theRightPasswordIsDeniedAfterFiveFailuresUntilTheWindowMoves() {
		String account = "alice-" + UUID.randomUUID();
		for (int i = 0; i < 5; i++) {
			assertThat(login(account, "wrong").statusCode()).isEqualTo(401);
		}
		HttpResponse<String> denied = login(account, LoginController.DEMO_PASSWORD);
		assertThat(denied.statusCode()).isEqualTo(429);
		long retryAfter = Long.parseLong(Http.header(denied, "Retry-After"));
		assertThat(retryAfter).isBetween(1L, 8L);
		await().pollInterval(Duration.ofMillis(250))
			.atMost(Duration.ofSeconds(retryAfter + 2))
			.until(() -> login(account, LoginController.DEMO_PASSWORD).statusCode() == 200);
	}

	private HttpResponse<String> login(String username, String password) {
		return Http.postJson(this.port, "/api/login",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", "X-Forwarded-For",
				this.address);
	}

}
