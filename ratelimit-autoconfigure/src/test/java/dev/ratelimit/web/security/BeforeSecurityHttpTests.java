package dev.ratelimit.web.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.SharedApplicationTest;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path rules in both filter positions around a real Spring Security chain: a rule marked
 * {@code before-security} throttles a flood of bad HTTP Basic credentials, which the
 * ordinary position never sees.
 */
@SharedApplicationTest
class BeforeSecurityHttpTests extends HttpTestBase {

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void badCredentialFloodIsThrottledInFrontOfSecurity() {
		assertThat(statuses("/secure/data", "wrong", 8)).containsExactly(401, 401, 401, 401, 401, 429, 429, 429);
		HttpResponse<String> denied = basic("/secure/data", "secret");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).isPresent();
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void aRuleInTheOrdinaryPositionNeverSeesWhatSecurityAnswers() {
		assertThat(statuses("/secure/other", "wrong", 8)).containsOnly(401);
		HttpResponse<String> signedIn = basic("/secure/other", "secret");
		assertThat(signedIn.statusCode()).isEqualTo(200);
		assertThat(signedIn.headers().firstValue("RateLimit-Remaining")).hasValue("4");
	}

	private List<Integer> statuses(String path, String password, int requests) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			statuses.add(basic(path, password).statusCode());
		}
		return statuses;
	}

	private HttpResponse<String> basic(String path, String password) {
		String credentials = Base64.getEncoder().encodeToString(("alice:" + password).getBytes(StandardCharsets.UTF_8));
		return this.http.get(path, "Authorization", "Basic " + credentials);
	}

}
