package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import dev.ratelimit.web.InjectedClockApplicationTest.InjectedClock;
import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A calendar quota beside a rate, over real HTTP with a real Redis whose script reads the
 * test's clock: the day of the change to summer time in Paris lasts 23 hours, and a
 * denial's {@code Retry-After}, {@code RateLimit-Reset} and {@code t} count to its local
 * midnight.
 */
@InjectedClockApplicationTest
class CalendarQuotaHttpTests extends HttpTestBase {

	private final String apiKey = "calendar-" + UUID.randomUUID();

	@Test
	void denialCountsToLocalMidnightOfA23HourDay() {
		// 23:59:30 in Paris on 28 March 2027, which began at 23:00 UTC the day before
		InjectedClock.CLOCK.advanceTo(Instant.parse("2027-03-28T21:59:30Z"));
		HttpResponse<String> first = get();
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-second\";q=10;w=1, \"per-day\";q=2;w=82800");
		assertThat(get().statusCode()).isEqualTo(200);
		HttpResponse<String> denied = get();
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("30");
		assertThat(header(denied, "RateLimit-Limit")).isEqualTo("2");
		assertThat(header(denied, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(header(denied, "RateLimit-Reset")).isEqualTo("30");
		assertThat(header(denied, "RateLimit")).isEqualTo("\"per-second\";r=8;t=1, \"per-day\";r=0;t=30");
		assertThat(denied.body()).contains("\"violated-policies\":[\"per-day\"]",
				"{\"name\":\"per-day\",\"quota\":2,\"window\":82800,\"remaining\":0,\"reset\":30,\"violated\":true}");
		InjectedClock.CLOCK.advanceTo(Instant.parse("2027-03-28T22:00:00Z"));
		HttpResponse<String> nextDay = get();
		assertThat(nextDay.statusCode()).isEqualTo(200);
		assertThat(header(nextDay, "RateLimit-Policy")).isEqualTo("\"per-second\";q=10;w=1, \"per-day\";q=2;w=86400");
		assertThat(header(nextDay, "RateLimit")).isEqualTo("\"per-second\";r=9;t=1, \"per-day\";r=1;t=86400");
	}

	private HttpResponse<String> get() {
		return this.http.get("/calendar", "X-API-Key", this.apiKey);
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "daily")
		@GetMapping("/calendar")
		String calendar() {
			return "ok";
		}

	}

}
