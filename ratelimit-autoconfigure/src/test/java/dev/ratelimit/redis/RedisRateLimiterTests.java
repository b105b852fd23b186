package dev.ratelimit.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Parallel;
import dev.ratelimit.testsupport.RealRedisExtension;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production path: {@code EVALSHA} over the shared Lettuce connection, timed by
 * Redis's own clock.
 */
@ExtendWith(RealRedisExtension.class)
class RedisRateLimiterTests {

	private final RedisEndpoint redis;

	private LettuceConnectionFactory factory;

	private RedisRateLimiter limiter;

	private final String key = "client-" + UUID.randomUUID();

	RedisRateLimiterTests(RedisEndpoint redis) {
		this.redis = redis;
	}

	@BeforeEach
	void setUp() {
		this.factory = LettuceFactories.started(this.redis);
		this.limiter = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofSeconds(5)),
				new RedisKeys("rl:"));
	}

	@AfterEach
	void tearDown() {
		this.factory.destroy();
	}

	@Test
	void twoHundredParallelAcquisitionsAdmitExactlyTheBurstOfFifty() throws Exception {
		LimitSpec limit = LimitSpec.of("burst", 1, Duration.ofHours(1), 50);
		assertThat(Parallel.count(200, 64, () -> this.limiter.decide(this.key, List.of(limit), 1).allowed()))
			.isEqualTo(50);
	}

	@Test
	void refillFollowsRedisTime() throws Exception {
		LimitSpec limit = LimitSpec.of("fast", 5, Duration.ofMillis(500), 5);
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.decide(this.key, List.of(limit), 1).allowed()).isTrue();
		}
		long drained = redisMicros();
		Decision denied = this.limiter.decide(this.key, List.of(limit), 1);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.retryAfter()).isLessThanOrEqualTo(Duration.ofMillis(100));
		// Redis's clock passing is what is under test here
		await().atMost(Duration.ofSeconds(5)).until(() -> redisMicros() - drained >= 250_000);
		long before = redisMicros();
		int admitted = 0;
		while (this.limiter.decide(this.key, List.of(limit), 1).allowed()) {
			admitted++;
		}
		long after = redisMicros();
		// one token per 100ms of Redis time since the bucket was drained
		assertThat(admitted).isBetween((int) ((before - drained) / 100_000), (int) ((after - drained) / 100_000) + 1);
		// at least the 250 ms waited for, however slow the machine (the bound above is
		// exact)
		assertThat(admitted).isGreaterThanOrEqualTo(2);
	}

	@Test
	void deniedLimitConsumesNothingFromTheOther() {
		LimitSpec perSecond = LimitSpec.of("per-second", 3, Duration.ofSeconds(1));
		LimitSpec perDay = LimitSpec.of("per-day", 8, Duration.ofDays(1));
		int admitted = 0;
		for (int i = 0; i < 20; i++) {
			if (this.limiter.decide(this.key, List.of(perSecond, perDay), 1).allowed()) {
				admitted++;
			}
		}
		Decision denied = this.limiter.decide(this.key, List.of(perSecond, perDay), 1);
		assertThat(admitted).isBetween(3, 4);
		assertThat(denied.deciding().spec()).isEqualTo(perSecond);
		assertThat(denied.outcomes().get(1).remaining()).isEqualTo(8 - admitted);
	}

	@Test
	void scriptFlushBetweenCallsIsTransparent() {
		LimitSpec limit = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).remaining()).isEqualTo(9);
		RedisCommands.call(this.redis, "SCRIPT", "FLUSH");
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).remaining()).isEqualTo(8);
		assertThat(RedisCommands.call(this.redis, "SCRIPT", "EXISTS", RedisRateLimiter.LIMITS.sha1()))
			.isEqualTo(List.of(1L));
	}

	@Test
	void everyKeyCarriesATtlOfTheTimeToRefill() {
		LimitSpec perMinute = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1));
		LimitSpec perDay = LimitSpec.of("per-day", 1000, Duration.ofDays(1));
		this.limiter.decide(this.key, List.of(perMinute, perDay), 3);
		long minuteTtl = (Long) RedisCommands.call(this.redis, "PTTL", "rl:{" + this.key + "}:per-minute");
		long dayTtl = (Long) RedisCommands.call(this.redis, "PTTL", "rl:{" + this.key + "}:per-day");
		assertThat(minuteTtl).isBetween(2_000L, 3_000L);
		assertThat(dayTtl).isBetween(259_000L, 259_200L);
		// one integer (the next token's time in µs), whatever a Redis version's bytes
		assertThat((String) RedisCommands.call(this.redis, "GET", "rl:{" + this.key + "}:per-minute"))
			.containsOnlyDigits();
	}

	@Test
	void windowAndGcraKeysLiveExactlyAsLongAsTheirStateMeansSomething() {
		LimitSpec login = LimitSpec.of("login", 5, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		LimitSpec daily = LimitSpec.of("daily", 1000, Duration.ofDays(1), Algorithm.FIXED_WINDOW);
		LimitSpec gcra = LimitSpec.of("gcra", 60, Duration.ofMinutes(1), Algorithm.GCRA);
		long before = redisMicros();
		Decision decision = this.limiter.decide(this.key, List.of(login, daily, gcra), 3);
		long after = redisMicros();
		long loginTtl = pttl("login");
		long dailyTtl = pttl("daily");
		long gcraTtl = pttl("gcra");
		long read = redisMicros();
		// the script ran between before and after; the TTLs were read before read
		long stallMs = (read - before) / 1000 + 1;
		assertThat(loginTtl).isBetween(60_000L - stallMs, 60_000L);
		assertThat(gcraTtl).isBetween(3_000L - stallMs, 3_000L);
		assertThat(dailyTtl).isBetween(untilMidnightMicros(read) / 1000 - 1,
				(untilMidnightMicros(before) + 999) / 1000);
		Duration reset = decision.outcomes().get(1).resetAfter();
		assertThat(reset).isBetween(Duration.ofNanos(untilMidnightMicros(after) * 1000),
				Duration.ofNanos(untilMidnightMicros(before) * 1000));
		assertThat(decision.outcomes().get(1).remaining()).isEqualTo(997);
		assertThat(RedisCommands.call(this.redis, "TYPE", "rl:{" + this.key + "}:login")).isEqualTo("zset");
	}

	@Test
	void peekAndResetRunOnTheSharedConnection() {
		LimitSpec login = LimitSpec.of("login", 5, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG);
		this.limiter.decide(this.key, List.of(login), 2);
		assertThat(this.limiter.peek(this.key, List.of(login)).remaining()).isEqualTo(3);
		assertThat(this.limiter.peek(this.key, List.of(login)).remaining()).isEqualTo(3);
		this.limiter.reset(this.key, List.of(login));
		assertThat(RedisCommands.call(this.redis, "EXISTS", "rl:{" + this.key + "}:login")).isEqualTo(0L);
		assertThat(this.limiter.peek(this.key, List.of(login)).remaining()).isEqualTo(5);
	}

	@Test
	void deniedRequestsWriteNothing() {
		LimitSpec limit = LimitSpec.of("per-minute", 1, Duration.ofMinutes(1));
		this.limiter.decide(this.key, List.of(limit), 1);
		Object before = RedisCommands.call(this.redis, "GET", "rl:{" + this.key + "}:per-minute");
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).allowed()).isFalse();
		assertThat(RedisCommands.call(this.redis, "GET", "rl:{" + this.key + "}:per-minute")).isEqualTo(before);
	}

	private static long untilMidnightMicros(long micros) {
		return 86_400_000_000L - Math.floorMod(micros, 86_400_000_000L);
	}

	private long pttl(String limit) {
		return (Long) RedisCommands.call(this.redis, "PTTL", "rl:{" + this.key + "}:" + limit);
	}

	private long redisMicros() {
		List<?> time = (List<?>) RedisCommands.call(this.redis, "TIME");
		return Long.parseLong((String) time.get(0)) * 1_000_000L + Long.parseLong((String) time.get(1));
	}

}
