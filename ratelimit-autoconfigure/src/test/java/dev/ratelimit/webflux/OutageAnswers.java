package dev.ratelimit.webflux;

import java.net.http.HttpResponse;

import dev.ratelimit.web.app.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the WebFlux test application answers while its Redis is away, as the outage tests
 * of frozen and of stopped Redis both expect it.
 */
final class OutageAnswers {

	private OutageAnswers() {
	}

	/**
	 * Send eight requests on tier {@code free} (5 per minute, failing over to the local
	 * fallback of one node) and assert exactly five admitted and the 429 contract on the
	 * rest.
	 * @param http the application's client
	 * @param apiKey the client's key, unused before
	 */
	static void localFallbackAdmitsFiveOfEight(Http http, String apiKey) {
		int admitted = 0;
		HttpResponse<String> denied = null;
		for (int i = 0; i < 8; i++) {
			HttpResponse<String> response = http.get("/api/free", "X-API-Key", apiKey);
			assertThat(response.statusCode()).isIn(200, 429);
			if (response.statusCode() == 200) {
				admitted++;
			}
			else {
				denied = response;
			}
		}
		assertThat(admitted).isEqualTo(5);
		assertThat(denied).isNotNull();
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		// the fallback's clock runs from the first request that fell back, seconds ago on
		// a loaded machine: at most the 12 s of one token, and the same in both fields
		long retryAfter = Long.parseLong(denied.headers().firstValue("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 12L);
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=" + retryAfter);
		assertThat(denied.body()).contains("\"status\":429", "\"tier\":\"free\"",
				"\"violated-policies\":[\"per-minute\"]");
	}

	/**
	 * Assert the answer of tier {@code duo}, failing closed: 503 with the problem body
	 * and the breaker's wait as {@code Retry-After}.
	 * @param closed the answer
	 * @param retryAfter the breaker's wait in seconds
	 */
	static void failedClosed(HttpResponse<String> closed, long retryAfter) {
		assertThat(closed.statusCode()).isEqualTo(503);
		assertThat(closed.headers().firstValue("Retry-After")).hasValue(String.valueOf(retryAfter));
		assertThat(closed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(closed.body()).contains("\"status\":503", "\"title\":\"Service Unavailable\"",
				"\"reason\":\"limiter-unavailable\"", "\"tier\":\"duo\"", "\"retryAfter\":" + retryAfter,
				"\"instance\":\"/api/duo\"");
	}

}
