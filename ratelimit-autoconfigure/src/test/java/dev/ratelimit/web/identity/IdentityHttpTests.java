package dev.ratelimit.web.identity;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who a request is counted as, over real HTTP with a real Redis: an invented API key
 * earns nothing, a known key keeps its own bucket and plan, and a plan never relaxes a
 * purpose tier.
 */
@SpringBootTest(classes = IdentityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:dev/ratelimit/web/identity/identity.properties")
class IdentityHttpTests extends HttpTestBase {

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void aNewRandomUnknownKeyOnEveryRequestEarnsNoFreshBucket() {
		int admitted = 0;
		for (int i = 0; i < 100; i++) {
			if (this.http.get("/api/plan", "X-API-Key", "invented-" + UUID.randomUUID()).statusCode() == 200) {
				admitted++;
			}
		}
		assertThat(admitted).isEqualTo(10);
		assertThat(this.http.get("/api/plan").statusCode()).isEqualTo(429);
		assertThat(RedisCommands.call(TestRedis.shared(), "DBSIZE")).isEqualTo(1L);
	}

	@Test
	void listedAndVerifiedKeysKeepTheirOwnBucketAndTier() {
		for (int i = 0; i < 10; i++) {
			this.http.get("/api/plan");
		}
		assertThat(this.http.get("/api/plan").statusCode()).isEqualTo(429);
		HttpResponse<String> listed = this.http.get("/api/plan", "X-API-Key", IdentityTestApplication.LISTED_PAID_KEY);
		assertThat(listed.statusCode()).isEqualTo(200);
		assertThat(header(listed, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=100;w=3600");
		assertThat(header(listed, "RateLimit-Remaining")).isEqualTo("99");
		HttpResponse<String> verified = this.http.get("/api/plan", "X-API-Key", IdentityTestApplication.VERIFIED_KEY);
		assertThat(verified.statusCode()).isEqualTo(200);
		assertThat(header(verified, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=10;w=3600");
		assertThat(header(verified, "RateLimit-Remaining")).isEqualTo("9");
	}

	@Test
	void anAuthenticatedPrincipalIsItsOwnClient() {
		for (int i = 0; i < 10; i++) {
			this.http.get("/api/plan");
		}
		HttpResponse<String> alice = this.http.get("/api/plan", "Authorization", "Basic YWxpY2U6c2VjcmV0");
		assertThat(alice.statusCode()).isEqualTo(200);
		assertThat(header(alice, "RateLimit-Remaining")).isEqualTo("9");
	}

	@Test
	void aGuessedKeyIsAnsweredExactlyAsNoKey() {
		HttpResponse<String> none = this.http.get("/api/plan");
		HttpResponse<String> guessed = this.http.get("/api/plan", "X-API-Key", "demo-paid-key");
		assertThat(header(guessed, "RateLimit-Policy")).isEqualTo(header(none, "RateLimit-Policy"));
		assertThat(header(none, "RateLimit-Remaining")).isEqualTo("9");
		assertThat(header(guessed, "RateLimit-Remaining")).isEqualTo("8");
		assertThat(guessed.body()).isEqualTo(none.body());
	}

	@Test
	void aPaidKeyGetsFiveLoginAttemptsThen429() {
		int[] statuses = new int[8];
		for (int i = 0; i < statuses.length; i++) {
			statuses[i] = login((i % 2 == 0) ? "Alice" : "alice", IdentityTestApplication.LISTED_PAID_KEY).statusCode();
		}
		assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429, 429, 429);
		HttpResponse<String> denied = login("ALICE", IdentityTestApplication.LISTED_PAID_KEY);
		assertThat(header(denied, "RateLimit-Policy")).isEqualTo("\"attempts\";q=5;w=3600");
		assertThat(denied.body()).contains("\"tier\":\"login\"");
		assertThat(login("bob", IdentityTestApplication.LISTED_PAID_KEY).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> login(String username, String apiKey) {
		return this.http.postJson("/api/login", "{\"username\":\"" + username + "\",\"password\":\"x\"}", "X-API-Key",
				apiKey);
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}
