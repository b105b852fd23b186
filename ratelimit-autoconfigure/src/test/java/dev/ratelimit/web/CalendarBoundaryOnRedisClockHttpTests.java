package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.FrozenClockRedis;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Calendar quotas decided on Redis's own clock, over real HTTP: Redis runs under
 * libfaketime, its wall clock set by the test (and this node's clock with it), a second
 * before midnight in Berlin on the last day of a month, and on the days Berlin's clocks
 * change. The quota is spent and denied until the boundary, and fresh right after it; the
 * days of 23 and 25 hours are counted as such. Skipped where libfaketime is not installed
 * ({@code .ci/run} installs it).
 */
@SpringBootTest(
		classes = { TestApplication.class, CalendarBoundaryOnRedisClockHttpTests.Endpoints.class,
				CalendarBoundaryOnRedisClockHttpTests.RedisClockLimiter.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.tiers.monthly.limits.per-month.limit=3",
				"ratelimit.tiers.monthly.limits.per-month.period=calendar-month",
				"ratelimit.tiers.monthly.limits.per-month.zone=Europe/Berlin",
				"ratelimit.tiers.daily.limits.per-day.limit=2",
				"ratelimit.tiers.daily.limits.per-day.period=calendar-day",
				"ratelimit.tiers.daily.limits.per-day.zone=Europe/Berlin",
				"ratelimit.tiers.free.limits.per-minute.limit=5", "ratelimit.tiers.free.limits.per-minute.period=1m",
				"ratelimit.tiers.duo.limits.per-second.limit=3", "ratelimit.tiers.duo.limits.per-second.period=1s" })
class CalendarBoundaryOnRedisClockHttpTests {

	/** This node's clock, in microseconds, set with Redis's. */
	private static final AtomicLong NOW = new AtomicLong();

	private static FrozenClockRedis redis;

	@LocalServerPort
	private int port;

	private Http http;

	private final String apiKey = "boundary-" + UUID.randomUUID();

	@BeforeAll
	static void startRedis() {
		assumeTrue(FrozenClockRedis.available(), "libfaketime is not installed");
		redis = FrozenClockRedis.start(Instant.parse("2027-01-01T00:00:00Z"));
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.endpoint().port());
	}

	@AfterAll
	static void stopRedis() {
		if (redis != null) {
			redis.close();
		}
	}

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

	@Test
	void monthlyQuotaSpentBeforeMidnightInBerlinIsFreshOnTheFirst() {
		// 23:59:59 in Berlin on 31 January 2027 (CET, UTC+1)
		setTime("2027-01-31T22:59:59Z");
		for (int i = 2; i >= 0; i--) {
			HttpResponse<String> admitted = get("/monthly");
			assertThat(admitted.statusCode()).isEqualTo(200);
			assertThat(header(admitted, "RateLimit-Policy")).isEqualTo("\"per-month\";q=3;w=2678400");
			assertThat(header(admitted, "RateLimit")).isEqualTo("\"per-month\";r=" + i + ";t=1");
		}
		HttpResponse<String> denied = get("/monthly");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("1");
		assertThat(header(denied, "RateLimit-Reset")).isEqualTo("1");
		assertThat(header(denied, "RateLimit")).isEqualTo("\"per-month\";r=0;t=1");
		// midnight in Berlin on Redis's clock, February, 28 days; this node's clock
		// still reads 23:59:59: Redis's clock decides
		redis.set(Instant.parse("2027-01-31T23:00:00Z"));
		for (int i = 2; i >= 0; i--) {
			HttpResponse<String> fresh = get("/monthly");
			assertThat(fresh.statusCode()).isEqualTo(200);
			assertThat(header(fresh, "RateLimit-Policy")).isEqualTo("\"per-month\";q=3;w=2419200");
			assertThat(header(fresh, "RateLimit")).isEqualTo("\"per-month\";r=" + i + ";t=2419200");
		}
		assertThat(get("/monthly").statusCode()).isEqualTo(429);
	}

	@Test
	void dayOfTheChangeToSummerTimeLasts23Hours() {
		// 00:00 in Berlin on 28 March 2027, still CET
		setTime("2027-03-27T23:00:00Z");
		HttpResponse<String> first = get("/daily");
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-day\";q=2;w=82800");
		assertThat(header(first, "RateLimit")).isEqualTo("\"per-day\";r=1;t=82800");
		// 23:59:59 the same day, now CEST (UTC+2)
		setTime("2027-03-28T21:59:59Z");
		assertThat(header(get("/daily"), "RateLimit")).isEqualTo("\"per-day\";r=0;t=1");
		HttpResponse<String> denied = get("/daily");
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(header(denied, "Retry-After")).isEqualTo("1");
		setTime("2027-03-28T22:00:00Z");
		HttpResponse<String> nextDay = get("/daily");
		assertThat(nextDay.statusCode()).isEqualTo(200);
		assertThat(header(nextDay, "RateLimit-Policy")).isEqualTo("\"per-day\";q=2;w=86400");
	}

	@Test
	void dayOfTheChangeBackToWinterTimeLasts25Hours() {
		// 00:00 in Berlin on 31 October 2027, still CEST
		setTime("2027-10-30T22:00:00Z");
		HttpResponse<String> first = get("/daily");
		assertThat(header(first, "RateLimit-Policy")).isEqualTo("\"per-day\";q=2;w=90000");
		assertThat(header(first, "RateLimit")).isEqualTo("\"per-day\";r=1;t=90000");
		// 23:59:59 the same day, now CET (UTC+1)
		setTime("2027-10-31T22:59:59Z");
		assertThat(header(get("/daily"), "RateLimit")).isEqualTo("\"per-day\";r=0;t=1");
		assertThat(get("/daily").statusCode()).isEqualTo(429);
		setTime("2027-10-31T23:00:00Z");
		HttpResponse<String> nextDay = get("/daily");
		assertThat(nextDay.statusCode()).isEqualTo(200);
		assertThat(header(nextDay, "RateLimit-Policy")).isEqualTo("\"per-day\";q=2;w=86400");
	}

	/**
	 * Set Redis's clock and this node's to the same second.
	 */
	private static void setTime(String instant) {
		Instant time = Instant.parse(instant);
		redis.set(time);
		NOW.set(time.getEpochSecond() * 1_000_000L);
	}

	private HttpResponse<String> get(String path) {
		return this.http.get(path, "X-API-Key", this.apiKey);
	}

	private static String header(HttpResponse<String> response, String name) {
		return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name));
	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "monthly")
		@GetMapping("/monthly")
		String monthly() {
			return "ok";
		}

		@RateLimited(tier = "daily")
		@GetMapping("/daily")
		String daily() {
			return "ok";
		}

	}

	/**
	 * The limiter on the frozen-clock Redis, reading the test's clock where it needs one
	 * of its own (the calendar windows it hands the script).
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class RedisClockLimiter {

		@Bean
		RateLimiter rateLimiter(ScriptRunner runner) {
			return new RedisRateLimiter(runner, new RedisKeys("rl-boundary:"), NOW::get);
		}

	}

}
