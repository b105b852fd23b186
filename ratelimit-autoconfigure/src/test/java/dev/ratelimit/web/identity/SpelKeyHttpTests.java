package dev.ratelimit.web.identity;

import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @RateLimited} key expression never fails a request: an error or a null counts
 * by the key resolver, reported once, and arrays and collections are stable identities.
 */
@SpringBootTest(classes = IdentityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:dev/ratelimit/web/identity/identity.properties")
@ExtendWith(OutputCaptureExtension.class)
class SpelKeyHttpTests extends HttpTestBase {

	@BeforeEach
	void setUp() {
		RedisCommands.call(TestRedis.shared(), "FLUSHALL");
	}

	@Test
	void aFailingExpressionCountsByTheKeyResolverAndIsReportedOnce(CapturedOutput output) {
		assertThat(statuses("/api/spel/error", 5)).containsExactly(200, 200, 200, 429, 429);
		assertThat(count(output.getOut(), "@RateLimited key '#missing.length()'")).isEqualTo(1);
	}

	@Test
	void aNullKeyCountsByTheKeyResolverAndIsReportedOnce(CapturedOutput output) {
		assertThat(statuses("/api/spel/null", 5)).containsExactly(200, 200, 200, 429, 429);
		assertThat(count(output.getOut(), "@RateLimited key '#name'")).isEqualTo(1);
		assertThat(this.http.get("/api/spel/null?name=someone").statusCode()).isEqualTo(200);
	}

	@Test
	void aValueWithOnlyAnIdentityStringIsNoNewClientPerRequest(CapturedOutput output) {
		// a new Object() per call: its toString() would be a fresh bucket every time
		assertThat(statuses("/api/spel/identity", 5)).containsExactly(200, 200, 200, 429, 429);
		assertThat(count(output.getOut(), "@RateLimited key 'new java.lang.Object()'")).isEqualTo(1);
	}

	@Test
	void anEmptyValueCountsByTheKeyResolverRatherThanOneSharedBucket(CapturedOutput output) {
		assertThat(statuses("/api/spel/empty", 5)).containsExactly(200, 200, 200, 429, 429);
		assertThat(count(output.getOut(), "@RateLimited key '''' on")).isEqualTo(1);
		// another client (alice, by HTTP Basic) still has its own bucket
		assertThat(this.http.get("/api/spel/empty", "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode())
			.isEqualTo(200);
	}

	@Test
	void theSameArrayIsTheSameIdentityOnEveryRequest() {
		assertThat(statuses("/api/spel/array?tags=a&tags=b", 5)).containsExactly(200, 200, 200, 429, 429);
		assertThat(this.http.get("/api/spel/array?tags=c").statusCode()).isEqualTo(200);
	}

	@Test
	void collectionsAreStableAndSetsIgnoreOrder() {
		assertThat(statuses("/api/spel/set?tags=x&tags=y", 2)).containsExactly(200, 200);
		assertThat(statuses("/api/spel/set?tags=y&tags=x", 2)).containsExactly(200, 429);
		assertThat(statuses("/api/spel/list?tags=p&tags=q", 4)).containsExactly(200, 200, 200, 429);
		assertThat(this.http.get("/api/spel/list?tags=q&tags=p").statusCode()).isEqualTo(200);
	}

	private List<Integer> statuses(String path, int requests) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			statuses.add(this.http.get(path).statusCode());
		}
		return statuses;
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

}
