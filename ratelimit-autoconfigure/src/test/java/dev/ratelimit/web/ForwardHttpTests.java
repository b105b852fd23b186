package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path rules and server-side forwards, over real HTTP with a real Redis: a forward into a
 * ruled path is charged, so a forward cannot dodge a rule, and a request forwarded within
 * the ruled paths is charged once.
 */
@SharedApplicationTest
class ForwardHttpTests extends HttpTestBase {

	private final String apiKey = "forward-" + UUID.randomUUID();

	@Test
	void forwardFromAnUnruledPathIntoARuledOneIsCharged() {
		assertThat(run("/open/forward")).containsExactly("200:2", "200:1", "200:0", "429:0");
	}

	@Test
	void forwardWithinTheRuledPathsIsChargedOnce() {
		assertThat(run("/ruled/forward")).containsExactly("200:2", "200:1", "200:0", "429:0");
	}

	@Test
	void forwardsAndDirectRequestsShareTheRulesBudget() {
		assertThat(run("/ruled/target")).containsExactly("200:2", "200:1", "200:0", "429:0");
		assertThat(this.http.get("/open/forward", "X-API-Key", this.apiKey).statusCode()).isEqualTo(429);
	}

	private List<String> run(String path) {
		List<String> results = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = this.http.get(path, "X-API-Key", this.apiKey);
			results.add(response.statusCode() + ":" + response.headers().firstValue("RateLimit-Remaining").orElse("-"));
		}
		return results;
	}

	@Controller
	static class Forwarding {

		@GetMapping("/open/forward")
		String open() {
			return "forward:/ruled/target";
		}

		@GetMapping("/ruled/forward")
		String ruled() {
			return "forward:/ruled/target";
		}

		@GetMapping("/ruled/target")
		@ResponseBody
		Map<String, String> target() {
			return Map.of("ok", "target");
		}

	}

}
