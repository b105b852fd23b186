package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path rules and server-side forwards, over real HTTP with a real Redis: a forward into a
 * ruled path is charged, so a forward cannot dodge a rule, and a request forwarded within
 * the ruled paths is charged once.
 */
@SpringBootTest(classes = { TestApplication.class, ForwardHttpTests.Forwarding.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s", "ratelimit.tiers.three.limits.per-hour.limit=3",
				"ratelimit.tiers.three.limits.per-hour.period=1h", "ratelimit.filter.rules[0].paths=/ruled/**",
				"ratelimit.filter.rules[0].tier=three" })
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
