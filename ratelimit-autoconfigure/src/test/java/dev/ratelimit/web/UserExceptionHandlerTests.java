package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.util.Map;

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
 * An application's own {@code @ControllerAdvice} reshapes denials from both the
 * annotation and the filter.
 */
@SpringBootTest(classes = { TestApplication.class, UserExceptionHandlerTests.CustomAdvice.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=1",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.x.limit=1",
				"ratelimit.tiers.duo.limits.x.period=1m", "ratelimit.filter.rules[0].paths=/api/rule/**",
				"ratelimit.filter.rules[0].tier=free" })
class UserExceptionHandlerTests {

	@LocalServerPort
	int port;

	@Test
	void annotationDenialIsReshaped() {
		Http http = new Http(this.port);
		http.get("/api/free", "X-API-Key", "a");
		HttpResponse<String> denied = http.get("/api/free", "X-API-Key", "a");
		assertThat(denied.statusCode()).isEqualTo(503);
		assertThat(denied.body()).isEqualTo("{\"slowDown\":\"free\"}");
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("60");
	}

	@Test
	void filterDenialIsReshaped() {
		Http http = new Http(this.port);
		http.get("/api/rule/thing", "X-API-Key", "b");
		HttpResponse<String> denied = http.get("/api/rule/thing", "X-API-Key", "b");
		assertThat(denied.statusCode()).isEqualTo(503);
		assertThat(denied.body()).isEqualTo("{\"slowDown\":\"free\"}");
	}

	@RestControllerAdvice
	static class CustomAdvice {

		@ExceptionHandler(RateLimitExceededException.class)
		ResponseEntity<Map<String, String>> handle(RateLimitExceededException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.headers(ex.getHeaders())
				.body(Map.of("slowDown", ex.getTier()));
		}

	}

}
