package dev.ratelimit.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.CalendarPeriod.Unit;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.testsupport.RealRedisExtension;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code limits.lua}'s calendar window on a real Redis: the window it stores, the TTL to
 * the window's end on Redis's own clock, and the windows it picks from when the caller's
 * clock and Redis's disagree.
 */
@ExtendWith(RealRedisExtension.class)
class CalendarWindowScriptTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private final RedisEndpoint redis;

	private final String key = "client-" + UUID.randomUUID();

	private LettuceConnectionFactory factory;

	CalendarWindowScriptTests(RedisEndpoint redis) {
		this.redis = redis;
	}

	@BeforeEach
	void setUp() {
		this.factory = LettuceFactories.started(this.redis);
	}

	@AfterEach
	void tearDown() {
		this.factory.destroy();
	}

	@Test
	void calendarWindowKeepsItsStartAndCount() {
		TestClock clock = new TestClock();
		clock.advanceTo(Instant.parse("2027-03-28T12:00:00Z"));
		RedisRateLimiter limiter = new RedisRateLimiter(new InjectedClockScripts(this.redis, clock),
				new RedisKeys("rl-calendar:"), clock);
		LimitSpec daily = LimitSpec.calendar("daily", 10, new CalendarPeriod(Unit.DAY, PARIS));
		limiter.decide(this.key, List.of(daily), 2);
		limiter.decide(this.key, List.of(daily), 5);
		long start = Instant.parse("2027-03-27T23:00:00Z").getEpochSecond() * 1_000_000L;
		assertThat(call("GET", stateKey("rl-calendar:", "daily"))).isEqualTo(start + ":7");
	}

	@Test
	void keyLivesUntilTheWindowsEndOnRedissClock() {
		RedisRateLimiter limiter = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofSeconds(5)),
				new RedisKeys("rl-calendar:"));
		LimitSpec daily = LimitSpec.calendar("daily", 10, new CalendarPeriod(Unit.DAY, ZoneOffset.UTC));
		long before = redisMicros() / 1000;
		Decision decision = limiter.decide(this.key, List.of(daily), 1);
		long ttl = (Long) call("PTTL", stateKey("rl-calendar:", "daily"));
		long after = redisMicros() / 1000;
		long midnight = (before / 86_400_000L + 1) * 86_400_000L;
		// the wait and the TTL both count to midnight UTC from Redis's time when it
		// decided, in whole milliseconds each rounded its own way
		assertThat(decision.resetAfter().toMillis()).isBetween(midnight - after - 1, midnight - before);
		assertThat(ttl).isBetween(midnight - after - 1, midnight - before + 1);
		assertThat(decision.deciding().windowSeconds()).isEqualTo(86_400);
	}

	@Test
	void callersClockAnHourAheadStillFindsRedissWindow() {
		RedisRateLimiter limiter = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofSeconds(5)),
				new RedisKeys("rl-calendar:"), () -> MicrosClock.system().nowMicros() + 3_600_000_000L);
		LimitSpec daily = LimitSpec.calendar("daily", 1, new CalendarPeriod(Unit.DAY, ZoneOffset.UTC));
		assertThat(limiter.decide(this.key, List.of(daily), 1).allowed()).isTrue();
		Decision held = limiter.decide(this.key, List.of(daily), 1);
		assertThat(held.allowed()).isFalse();
		long after = redisMicros() / 1000;
		long midnight = (after / 86_400_000L + 1) * 86_400_000L;
		assertThat(held.retryAfter().toMillis()).isBetween(midnight - after - 1, midnight - after + 5_000);
	}

	@Test
	void redisClockEitherSideOfTheCallersMidnightCountsInRedissWindow() {
		LimitSpec daily = LimitSpec.calendar("daily", 1, new CalendarPeriod(Unit.DAY, PARIS));
		TestClock redisClock = new TestClock();
		TestClock callerClock = new TestClock();
		// Redis one second before midnight in Paris (the end of a 23-hour day), the
		// caller
		// five seconds after it
		redisClock.advanceTo(Instant.parse("2027-03-28T21:59:59Z"));
		callerClock.advanceTo(Instant.parse("2027-03-28T22:00:05Z"));
		RedisRateLimiter limiter = new RedisRateLimiter(new InjectedClockScripts(this.redis, redisClock),
				new RedisKeys("rl-calendar:"), callerClock);
		Decision late = limiter.decide(this.key, List.of(daily), 1);
		assertThat(late.resetAfter()).isEqualTo(Duration.ofSeconds(1));
		assertThat(late.deciding().windowSeconds()).isEqualTo(23 * 3600);
		// Redis ten seconds into the next day, the caller still before midnight
		redisClock.advanceTo(Instant.parse("2027-03-28T22:00:10Z"));
		TestClock behind = new TestClock();
		behind.advanceTo(Instant.parse("2027-03-28T21:59:58Z"));
		RedisRateLimiter behindLimiter = new RedisRateLimiter(new InjectedClockScripts(this.redis, redisClock),
				new RedisKeys("rl-calendar:"), behind);
		Decision early = behindLimiter.decide(this.key, List.of(daily), 1);
		assertThat(early.allowed()).isTrue();
		assertThat(early.resetAfter()).isEqualTo(Duration.ofDays(1).minusSeconds(10));
		assertThat(early.deciding().windowSeconds()).isEqualTo(24 * 3600);
	}

	@Test
	void redisClockMoreThanAWindowFromTheCallersIsAnError() {
		TestClock redisClock = new TestClock();
		redisClock.advanceTo(Instant.parse("2027-03-28T12:00:00Z"));
		TestClock callerClock = new TestClock();
		callerClock.advanceTo(Instant.parse("2027-03-31T12:00:00Z"));
		RedisRateLimiter limiter = new RedisRateLimiter(new InjectedClockScripts(this.redis, redisClock),
				new RedisKeys("rl-calendar:"), callerClock);
		LimitSpec daily = LimitSpec.calendar("daily", 10, new CalendarPeriod(Unit.DAY, PARIS));
		assertThatException().isThrownBy(() -> limiter.decide(this.key, List.of(daily), 1))
			.withStackTraceContaining("outside the windows given");
		assertThat(call("EXISTS", stateKey("rl-calendar:", "daily"))).isEqualTo(0L);
	}

	private long redisMicros() {
		List<?> time = (List<?>) call("TIME");
		return Long.parseLong(time.get(0).toString()) * 1_000_000L + Long.parseLong(time.get(1).toString());
	}

	private String stateKey(String prefix, String limit) {
		return prefix + "{" + this.key + "}:" + limit;
	}

	private Object call(String... command) {
		return RedisCommands.call(this.redis, command);
	}

}
