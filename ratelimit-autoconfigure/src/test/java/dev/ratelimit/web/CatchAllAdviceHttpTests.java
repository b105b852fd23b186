package dev.ratelimit.web;

import java.net.http.HttpResponse;

import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
@SpringBootTest(classes = { TestApplication.class, CatchAllAdviceHttpTests.CatchAll.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=1",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.x.limit=1",
				"ratelimit.tiers.duo.limits.x.period=1m", "ratelimit.filter.rules[0].paths=/api/rule/**",
				"ratelimit.filter.rules[0].tier=free" })
class CatchAllAdviceHttpTests {

	@LocalServerPort
	int port;

	@Test
	void annotationDenialStaysA429() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/free", "X-API-Key", "a").statusCode()).isEqualTo(200);
		assertDenied(http.get("/api/free", "X-API-Key", "a"));
	}

	@Test
	void filterDenialStaysA429() {
		Http http = new Http(this.port);
		assertThat(http.get("/api/rule/thing", "X-API-Key", "b").statusCode()).isEqualTo(200);
		assertDenied(http.get("/api/rule/thing", "X-API-Key", "b"));
	}

	private static void assertDenied(HttpResponse<String> denied) {
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(denied.body()).contains("\"status\":429", "\"tier\":\"free\"").doesNotContain("caught");
	}

	@RestControllerAdvice
	static class CatchAll {

		@ExceptionHandler(Exception.class)
		ResponseEntity<String> handle(Exception ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("caught");
		}

	}

}
