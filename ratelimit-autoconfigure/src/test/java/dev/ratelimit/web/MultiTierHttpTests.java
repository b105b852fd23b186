package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several namings of tiers on one request, over real HTTP with a real Redis: a tier and
 * client named twice is charged once at the larger cost, and every tier that applied is
 * in the fields and the problem body.
 */
@SharedApplicationTest
class MultiTierHttpTests extends HttpTestBase {

	private static final Pattern STATE = Pattern.compile("\"([^\"]+)\";r=(\\d+);t=(\\d+)");

	private final String apiKey = "multi-" + UUID.randomUUID();

	@Test
	void ruleOfCostOneAndAnnotationOfCostFiveOnTheSameTierChargeFive() {
		HttpResponse<String> response = get("/multi/heavy");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Remaining")).isEqualTo("7");
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=12;w=3600");
		assertThat(response.headers().allValues("RateLimit")).containsExactly("\"per-hour\";r=7;t=1500");
		assertThat(header(get("/multi/heavy"), "RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void annotationCheaperThanTheRuleChargesNothingMore() {
		assertThat(header(get("/multi/light"), "RateLimit-Remaining")).isEqualTo("7");
		assertThat(header(get("/multi/light"), "RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void deniedTopUpKeepsTheUnitsTheRuleAlreadyCharged() {
		get("/multi/heavy");
		get("/multi/heavy");
		// 2 left: the rule's 1 is charged, the annotation's top-up of 4 is denied
		HttpResponse<String> denied = get("/multi/heavy");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("1");
		assertThat(header(denied, "Retry-After")).isEqualTo("900");
		assertThat(header(denied, "RateLimit")).isEqualTo("\"per-hour\";r=1;t=900");
	}

	@Test
	void twoTiersOnOneRequestAreBothInTheFields() {
		HttpResponse<String> response = get("/multi/two");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("RateLimit-Policy")).containsExactly(
				"\"search.per-hour\";q=30;w=3600, \"search.per-day\";q=1000;w=86400, \"quota.per-hour\";q=12;w=3600");
		assertThat(response.headers().allValues("RateLimit")).hasSize(1);
		assertThat(header(response, "RateLimit"))
			.matches("\"search.per-hour\";r=29;t=120, \"search.per-day\";r=999;t=\\d+, \"quota.per-hour\";r=11;t=300");
		// the most restrictive across both tiers: the quota's 11 left
		assertThat(header(response, "RateLimit-Limit")).isEqualTo("12");
		assertThat(header(response, "RateLimit-Remaining")).isEqualTo("11");
		assertThat(header(response, "RateLimit-Reset")).isEqualTo("300");
	}

	@Test
	void laterTierDenyingListsEveryTierAndItsViolatedPolicies() {
		for (int i = 0; i < 12; i++) {
			assertThat(get("/multi/two").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> denied = get("/multi/two");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(denied.headers().allValues("RateLimit-Policy")).containsExactly(
				"\"search.per-hour\";q=30;w=3600, \"search.per-day\";q=1000;w=86400, \"quota.per-hour\";q=12;w=3600");
		// the search tier admitted and was charged: 13 of 30; the quota denied. Times
		// count from Redis's clock, so a loaded machine's 13 requests taking over a
		// second show one second less.
		assertThat(header(denied, "RateLimit")).matches(
				"\"search.per-hour\";r=17;t=15(59|60), \"search.per-day\";r=987;t=\\d+, \"quota.per-hour\";r=0;t=(299|300)");
		assertThat(header(denied, "RateLimit-Limit")).isEqualTo("12");
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(header(denied, "Retry-After")).matches("299|300");
		assertThat(denied.body()).contains(
				"\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"",
				"\"violated-policies\":[\"quota.per-hour\"]", "\"tier\":\"quota\"", "\"limit\":\"per-hour\"");
		assertThat(denied.body())
			.containsPattern(
					"\\{\"name\":\"search.per-hour\",\"quota\":30,\"window\":3600,\"remaining\":17,\"reset\":15(59|60),"
							+ "\"violated\":false}")
			.containsPattern("\\{\"name\":\"quota.per-hour\",\"quota\":12,\"window\":3600,\"remaining\":0,"
					+ "\"reset\":(299|300),\"violated\":true}");
		assertRetryAfterNotEarlierThanAnyViolatedT(denied, "quota.per-hour");
	}

	@Test
	void shadowTierThatWouldDenyIsReportedButRejectsNothing() {
		assertThat(get("/multi/watched").statusCode()).isEqualTo(200);
		HttpResponse<String> watched = get("/multi/watched");
		assertThat(watched.statusCode()).isEqualTo(200);
		assertThat(header(watched, "RateLimit"))
			.isEqualTo("\"watch.per-hour\";r=0;t=3600, \"quota.per-hour\";r=10;t=600");
		assertThat(header(watched, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(watched.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void everyViolatedLimitOfTheDenyingTierIsListed() {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/multi/free").statusCode()).isEqualTo(200);
		}
		HttpResponse<String> denied = get("/multi/free");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.body()).contains(
				"\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"",
				"\"violated-policies\":[\"per-minute\"]");
		assertRetryAfterNotEarlierThanAnyViolatedT(denied, "per-minute");
	}

	private static void assertRetryAfterNotEarlierThanAnyViolatedT(HttpResponse<String> denied, String violated) {
		long retryAfter = Long.parseLong(header(denied, "Retry-After"));
		Map<String, Long> t = new java.util.HashMap<>();
		Matcher matcher = STATE.matcher(header(denied, "RateLimit"));
		while (matcher.find()) {
			t.put(matcher.group(1), Long.parseLong(matcher.group(3)));
		}
		assertThat(t).containsKey(violated);
		assertThat(retryAfter).isGreaterThanOrEqualTo(t.get(violated));
	}

	private HttpResponse<String> get(String path) {
		return this.http.get(path, "X-API-Key", this.apiKey);
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "quota", cost = 5)
		@GetMapping("/multi/heavy")
		Map<String, String> heavy() {
			return Map.of("ok", "heavy");
		}

		@RateLimited(tier = "quota", cost = 1)
		@GetMapping("/multi/light")
		Map<String, String> light() {
			return Map.of("ok", "light");
		}

		@RateLimited(tier = "quota")
		@GetMapping("/multi/two")
		Map<String, String> two() {
			return Map.of("ok", "two");
		}

		@RateLimited(tier = "quota")
		@GetMapping("/multi/watched")
		Map<String, String> watched() {
			return Map.of("ok", "watched");
		}

		@RateLimited(tier = "free")
		@GetMapping("/multi/free")
		Map<String, String> free() {
			return Map.of("ok", "free");
		}

	}

}
