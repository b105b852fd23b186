package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application advice with a catch-all {@code @ExceptionHandler(Exception.class)} does
 * not swallow the starter's 429: annotation and filter denials keep their status, fields
 * and problem body.
 */
@LocalApplicationTest
class CatchAllAdviceHttpTests extends HttpTestBase {

	private final String apiKey = "catch-all-" + UUID.randomUUID();

	@Test
	void annotationDenialStaysA429() {
		assertThat(this.http.get("/api/duo", "X-API-Key", this.apiKey).statusCode()).isEqualTo(200);
		assertDenied(this.http.get("/api/duo", "X-API-Key", this.apiKey));
	}

	@Test
	void filterDenialStaysA429() {
		assertThat(this.http.get("/api/rule/thing", "X-API-Key", this.apiKey).statusCode()).isEqualTo(200);
		assertDenied(this.http.get("/api/rule/thing", "X-API-Key", this.apiKey));
	}

	private static void assertDenied(HttpResponse<String> denied) {
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(denied.body()).contains("\"status\":429", "\"tier\":\"duo\"").doesNotContain("caught");
	}

	/**
	 * An advice that the local application's other classes tolerate: none of their
	 * requests throws, and the starter's denials must pass it untouched.
	 */
	@RestControllerAdvice
	static class CatchAll {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> handle(Exception ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("caught");
		}

	}

}
