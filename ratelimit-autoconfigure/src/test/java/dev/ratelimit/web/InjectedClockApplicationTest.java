package dev.ratelimit.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.redis.CountingScripts;
import dev.ratelimit.redis.InjectedClockScripts;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The one application the servlet HTTP tests whose Redis script reads the test's clock
 * start together: its limiter takes "now" from {@link InjectedClock#CLOCK}, which the
 * tests only move forward, and counts its script calls in {@link InjectedClock#SCRIPTS}.
 * Each test class keeps tiers and endpoints of its own and counts on a fresh client key.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(
		classes = { TestApplication.class, InjectedClockApplicationTest.InjectedClock.class,
				ChargeAfterResponseHttpTests.Endpoints.class, CalendarQuotaHttpTests.Endpoints.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.per-second.limit=3",
				"ratelimit.tiers.duo.limits.per-second.period=1s",
				// ChargeAfterResponseHttpTests
				"ratelimit.tiers.login.counted-statuses=4xx", "ratelimit.tiers.login.limits.failures.limit=5",
				"ratelimit.tiers.login.limits.failures.period=1m",
				"ratelimit.tiers.login.limits.failures.algorithm=sliding-window-counter",
				"ratelimit.tiers.tokens.cost-from-result=tokens", "ratelimit.tiers.tokens.limits.per-minute.limit=1000",
				"ratelimit.tiers.tokens.limits.per-minute.period=1m",
				"ratelimit.tiers.header-tokens.cost-from-header=X-Tokens-Used",
				"ratelimit.tiers.header-tokens.limits.per-minute.limit=1000",
				"ratelimit.tiers.header-tokens.limits.per-minute.period=1m",
				"ratelimit.tiers.reports.refund-server-errors=true",
				"ratelimit.tiers.reports.limits.per-minute.limit=2",
				"ratelimit.tiers.reports.limits.per-minute.period=1m",
				"ratelimit.tiers.reports-charged.limits.per-minute.limit=2",
				"ratelimit.tiers.reports-charged.limits.per-minute.period=1m",
				"ratelimit.filter.rules[0].paths=/after/rule/**", "ratelimit.filter.rules[0].tier=reports",
				// CalendarQuotaHttpTests
				"ratelimit.tiers.daily.limits.per-second.limit=10", "ratelimit.tiers.daily.limits.per-second.period=1s",
				"ratelimit.tiers.daily.limits.per-day.limit=2",
				"ratelimit.tiers.daily.limits.per-day.period=calendar-day",
				"ratelimit.tiers.daily.limits.per-day.zone=Europe/Paris" })
public @interface InjectedClockApplicationTest {

	/**
	 * The limiter on the shared Redis whose script reads the test's clock.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	class InjectedClock {

		/**
		 * The time the limiter's script reads; tests only move it forward.
		 */
		public static final TestClock CLOCK = new TestClock();

		/**
		 * The limiter's scripts, counting their calls.
		 */
		public static final CountingScripts SCRIPTS = new CountingScripts(
				new InjectedClockScripts(TestRedis.shared(), CLOCK));

		@Bean
		RateLimiter rateLimiter() {
			return new RedisRateLimiter(SCRIPTS, new RedisKeys("rl-clock-http:"), CLOCK);
		}

	}

}
