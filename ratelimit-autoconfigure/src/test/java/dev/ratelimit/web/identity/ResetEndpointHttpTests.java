package dev.ratelimit.web.identity;

import java.net.http.HttpResponse;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reset operation of the {@code ratelimits} endpoint over real HTTP: the client
 * travels in the body, addresses are normalised as the request path does, the answer says
 * whether there was anything to reset, and this node's deny cache forgets the client;
 * clients counted by a key expression are reached as {@code spel:<value>}, and by
 * {@code #address} as the address itself. The client here is {@code ::1} behind the
 * trusted proxy 127.0.0.1.
 */
@SpringBootTest(classes = IdentityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = { "classpath:dev/ratelimit/web/identity/identity.properties",
		"classpath:dev/ratelimit/web/identity/behind-a-proxy.properties" })
class ResetEndpointHttpTests extends HttpTestBase {

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void compressedAndFullFormsResetTheSameClientAndItsCachedDenial() {
		for (int i = 0; i < 10; i++) {
			assertThat(plan("::1").statusCode()).isEqualTo(200);
		}
		assertThat(plan("::1").statusCode()).isEqualTo(429);
		// the node now answers this client from its deny cache, without asking Redis
		assertThat(plan("::1").statusCode()).isEqualTo(429);
		HttpResponse<String> reset = reset("ip:0:0:0:0:0:0:0:1");
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(reset.body()).contains("\"reset\":true", "\"existed\":true").doesNotContain("0:0:0:0");
		HttpResponse<String> after = plan("::1");
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.headers().firstValue("RateLimit-Remaining")).hasValue("9");
		assertThat(reset("ip:[::1]").body()).contains("\"existed\":true");
		assertThat(reset("ip:::1").body()).contains("\"existed\":false");
	}

	@Test
	void standingIsReadFromTheBodyAndNoUrlCarriesAClient() {
		plan("::1");
		HttpResponse<String> standing = this.http.postJson("/actuator/ratelimits/standing",
				"{\"tier\":\"free\",\"client\":\"ip:0000:0000:0000:0000:0000:0000:0000:0001\"}");
		assertThat(standing.statusCode()).isEqualTo(200);
		assertThat(standing.body()).contains("\"remaining\":9");
		assertThat(this.http.get("/actuator/ratelimits/free/ip:::1").statusCode()).isEqualTo(404);
		assertThat(this.http.postJson("/actuator/ratelimits/other", "{\"tier\":\"free\",\"client\":\"ip:::1\"}")
			.statusCode()).isEqualTo(400);
	}

	@Test
	void aClientNamedByAKeyExpressionIsResetAsSpelAndTheExpressionsValue() {
		for (int i = 0; i < 5; i++) {
			assertThat(login("Alice").statusCode()).isEqualTo(200);
		}
		assertThat(login("alice").statusCode()).isEqualTo(429);
		HttpResponse<String> reset = reset("login", "spel:alice");
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(reset.body()).contains("\"reset\":true", "\"existed\":true").doesNotContain("alice");
		HttpResponse<String> after = login("ALICE");
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.headers().firstValue("RateLimit-Remaining")).hasValue("4");
	}

	@Test
	void aClientCountedByAnAddressKeyIsTheDefaultResolversAddressAndIsResetAsIt() {
		for (int i = 0; i < 5; i++) {
			assertThat(byAddress("::1").statusCode()).isEqualTo(200);
		}
		assertThat(byAddress("::1").statusCode()).isEqualTo(429);
		// another address is another client
		assertThat(byAddress("2001:db8:1::1").statusCode()).isEqualTo(200);
		HttpResponse<String> reset = reset("login", "ip:0:0:0:0:0:0:0:1");
		assertThat(reset.statusCode()).isEqualTo(200);
		assertThat(reset.body()).contains("\"reset\":true", "\"existed\":true");
		HttpResponse<String> after = byAddress("::1");
		assertThat(after.statusCode()).isEqualTo(200);
		assertThat(after.headers().firstValue("RateLimit-Remaining")).hasValue("4");
	}

	private HttpResponse<String> login(String username) {
		return this.http.postJson("/api/login", "{\"username\":\"" + username + "\",\"password\":\"x\"}",
				"X-Forwarded-For", "::1");
	}

	private HttpResponse<String> byAddress(String client) {
		return this.http.get("/api/by-address", "X-Forwarded-For", client);
	}

	private HttpResponse<String> reset(String tier, String client) {
		return this.http.postJson("/actuator/ratelimits/reset",
				"{\"tier\":\"" + tier + "\",\"client\":\"" + client + "\"}");
	}

	private HttpResponse<String> plan(String client) {
		return this.http.get("/api/plan", "X-Forwarded-For", client);
	}

	private HttpResponse<String> reset(String client) {
		return this.http.postJson("/actuator/ratelimits/reset", "{\"tier\":\"free\",\"client\":\"" + client + "\"}");
	}

}
