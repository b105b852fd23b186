package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits built at runtime, per client, over real HTTP with a real Redis: a change takes
 * effect on the next request and keeps the client's state; invalid limits fall back to
 * the tier's configured ones without an error, and a failing lookup keeps each client on
 * its last plan.
 */
@SharedApplicationTest
@ExtendWith(OutputCaptureExtension.class)
class RuntimePlansHttpTests extends HttpTestBase {

	@Autowired
	Map<String, List<PlanLimit>> store;

	private final String apiKey = "tenant-" + UUID.randomUUID();

	@Test
	void tokenBucketChangeTakesEffectOnTheNextRequestAndKeepsHowFullTheBucketIs() {
		// 4 of 10 left is 40 of 100 left; the request takes one
		assertChangeKeepsState("token-bucket", 39);
	}

	@Test
	void gcraChangeTakesEffectOnTheNextRequestAndKeepsHowFullTheBucketIs() {
		assertChangeKeepsState("gcra", 39);
	}

	@Test
	void fixedWindowChangeKeepsTheUnitsUsedInTheWindow() {
		// 6 used of 10 are 6 used of 100; the request takes one
		assertChangeKeepsState("fixed-window", 93);
	}

	@Test
	void slidingWindowLogChangeKeepsTheUnitsUsedInTheWindow() {
		assertChangeKeepsState("sliding-window-log", 93);
	}

	@Test
	void slidingWindowCounterChangeKeepsTheUnitsCountedInTheWindow() {
		// a fresh client has no previous window: 6 counted of 10 are 6 of 100
		assertChangeKeepsState("sliding-window-counter", 93);
	}

	@Test
	void clientWithoutARuntimePlanGetsTheConfiguredLimits() {
		HttpResponse<String> response = get();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=20;w=3600");
	}

	@Test
	void invalidPlanIsLoggedOnceAndTheConfiguredLimitsDecide(CapturedOutput output) {
		this.store.put(this.apiKey,
				List.of(new PlanLimit("per-hour", 100, Duration.ofHours(1), 0L, "token-bucket", null, null)));
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = get();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=20;w=3600");
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo(Long.toString(19 - i));
		}
		String line = "Runtime limits [PlanLimit[name=per-hour, limit=100, period=PT1H, burst=0, "
				+ "algorithm=token-bucket, calendar=null, zone=null]] for tier 'pro' are invalid: Limit 'per-hour': burst must be from 1 to "
				+ "1000000000 but was 0; applying the configured limits of tier 'pro'";
		assertThat(output.getOut().split(Pattern.quote(line), -1)).hasSize(2);
		assertThat(output.getAll()).doesNotContain(this.apiKey);
	}

	@Test
	void unknownAlgorithmAndHostileNamesAreRefusedToo(CapturedOutput output) {
		this.store.put(this.apiKey,
				List.of(new PlanLimit("per-hour", 100, Duration.ofHours(1), null, "leaky", null, null)));
		assertThat(get().statusCode()).isEqualTo(200);
		String hostile = "x}{" + this.apiKey;
		this.store.put(this.apiKey,
				List.of(new PlanLimit(hostile, 100, Duration.ofHours(1), null, "gcra", null, null)));
		HttpResponse<String> response = get();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=20;w=3600");
		assertThat(output.getOut()).contains("are invalid: Limit 'per-hour': unknown algorithm 'leaky'",
				"must be 1 to 64 letters");
	}

	@Test
	void calendarMonthRunsInTheCustomersZone() {
		ZoneId zone = ZoneId.of("America/New_York");
		ZonedDateTime now = ZonedDateTime.now(zone);
		ZonedDateTime start = now.toLocalDate().withDayOfMonth(1).atStartOfDay(zone);
		long month = Duration.between(start, start.plusMonths(1)).toSeconds();
		long toEnd = Duration.between(now, start.plusMonths(1)).toSeconds();
		this.store.put(this.apiKey, List.of(PlanLimit.calendar("per-month", 3, "calendar-month", zone)));
		for (int i = 2; i >= 0; i--) {
			HttpResponse<String> response = get();
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-month\";q=3;w=" + month);
			Matcher state = Pattern.compile("\"per-month\";r=(\\d+);t=(\\d+)").matcher(header(response, "RateLimit"));
			assertThat(state.matches()).isTrue();
			assertThat(state.group(1)).isEqualTo(Integer.toString(i));
			// until midnight on the 1st, New York time
			assertThat(Long.parseLong(state.group(2))).isBetween(toEnd - 10, toEnd + 1);
		}
		assertThat(get().statusCode()).isEqualTo(429);
	}

	@Test
	void calendarPeriodWithABurstOrAFixedPeriodWithAZoneIsRefused(CapturedOutput output) {
		this.store.put(this.apiKey, List.of(new PlanLimit("per-month", 100, null, 200L, null, "calendar-month", null)));
		assertThat(header(get(), "RateLimit-Policy")).isEqualTo("\"per-hour\";q=20;w=3600");
		this.store.put(this.apiKey, List
			.of(new PlanLimit("per-hour", 100, Duration.ofHours(1), null, "gcra", null, ZoneId.of("Europe/Paris"))));
		assertThat(header(get(), "RateLimit-Policy")).isEqualTo("\"per-hour\";q=20;w=3600");
		assertThat(output.getOut()).contains(
				"are invalid: Limit 'per-month': a calendar period takes no period, burst or algorithm but fixed-window",
				"are invalid: Limit 'per-hour': a zone applies only to a calendar period");
	}

	@Test
	void failingResolverFallsBackWithoutAnError(CapturedOutput output) {
		this.store.put(this.apiKey, List.of());
		Plans.failing.add(this.apiKey);
		HttpResponse<String> response = get();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=20;w=3600");
		assertThat(output.getOut())
			.contains("PlanLimitsResolver failed for tier 'pro' (java.lang.IllegalStateException)");
	}

	@Test
	void failingResolverKeepsEachClientOnItsLastPlan() {
		this.store.put(this.apiKey,
				List.of(new PlanLimit("quota", 5, Duration.ofHours(1), null, "fixed-window", null, null)));
		for (int i = 0; i < 3; i++) {
			assertThat(get().statusCode()).isEqualTo(200);
		}
		Plans.failing.add(this.apiKey);
		List<Integer> statuses = new ArrayList<>();
		List<String> remaining = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = get();
			statuses.add(response.statusCode());
			remaining.add(header(response, "RateLimit-Remaining"));
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"quota\";q=5;w=3600");
		}
		// the plan database is down, and the client's count goes on: no fresh budget
		assertThat(statuses).containsExactly(200, 200, 429);
		assertThat(remaining).containsExactly("1", "0", "0");
	}

	private void assertChangeKeepsState(String algorithm, int remainingAfterChange) {
		this.store.put(this.apiKey,
				List.of(new PlanLimit("quota", 10, Duration.ofHours(1), null, algorithm, null, null)));
		for (int i = 0; i < 5; i++) {
			assertThat(get().statusCode()).isEqualTo(200);
		}
		assertThat(header(get(), "RateLimit-Remaining")).isEqualTo("4");
		this.store.put(this.apiKey,
				List.of(new PlanLimit("quota", 100, Duration.ofHours(1), null, algorithm, null, null)));
		HttpResponse<String> changed = get();
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(header(changed, "RateLimit-Policy")).isEqualTo("\"quota\";q=100;w=3600");
		assertThat(header(changed, "RateLimit-Remaining")).isEqualTo(Integer.toString(remainingAfterChange));
	}

	private HttpResponse<String> get() {
		return this.http.get("/plans/pro", "X-API-Key", this.apiKey);
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	@Configuration(proxyBeanMethods = false)
	static class Plans {

		static final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

		@Bean
		Map<String, List<PlanLimit>> planStore() {
			return new ConcurrentHashMap<>();
		}

		@Bean
		PlanLimitsResolver planLimitsResolver(Map<String, List<PlanLimit>> planStore) {
			return (request, tier) -> {
				String apiKey = request.getHeader("X-API-Key");
				if (apiKey == null) {
					return null;
				}
				if (failing.contains(apiKey)) {
					throw new IllegalStateException("plan database unreachable");
				}
				return planStore.get(apiKey);
			};
		}

		@Bean
		Endpoints planEndpoints() {
			return new Endpoints();
		}

	}

	@RestController
	static class Endpoints {

		@RateLimited(tier = "pro")
		@GetMapping("/plans/pro")
		Map<String, String> pro() {
			return Map.of("ok", "pro");
		}

	}

}
