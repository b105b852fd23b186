package dev.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.testsupport.RealRedisExtension;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

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
		ExecutorService pool = Executors.newFixedThreadPool(64);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger admitted = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			futures.add(pool.submit(() -> {
				start.await();
				if (this.limiter.decide(this.key, List.of(limit), 1).allowed()) {
					admitted.incrementAndGet();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(admitted).hasValue(50);
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
		Thread.sleep(250); // time passing is what is under test here
		long before = redisMicros();
		int admitted = 0;
		while (this.limiter.decide(this.key, List.of(limit), 1).allowed()) {
			admitted++;
		}
		long after = redisMicros();
		// one token per 100ms of Redis time since the bucket was drained
		assertThat(admitted).isBetween((int) ((before - drained) / 100_000), (int) ((after - drained) / 100_000) + 1);
		assertThat(admitted).isBetween(2, 5);
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
		assertThat(RedisCommands.call(this.redis, "SCRIPT", "EXISTS", RedisRateLimiter.TOKEN_BUCKET.sha1()))
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
		Long memory = (Long) RedisCommands.call(this.redis, "MEMORY", "USAGE", "rl:{" + this.key + "}:per-minute");
		System.out.println("MEMORY USAGE of one token-bucket key: " + memory + " bytes");
		assertThat(memory).isLessThan(150L);
	}

	@Test
	void deniedRequestsWriteNothing() {
		LimitSpec limit = LimitSpec.of("per-minute", 1, Duration.ofMinutes(1));
		this.limiter.decide(this.key, List.of(limit), 1);
		Object before = RedisCommands.call(this.redis, "GET", "rl:{" + this.key + "}:per-minute");
		assertThat(this.limiter.decide(this.key, List.of(limit), 1).allowed()).isFalse();
		assertThat(RedisCommands.call(this.redis, "GET", "rl:{" + this.key + "}:per-minute")).isEqualTo(before);
	}

	private long redisMicros() {
		List<?> time = (List<?>) RedisCommands.call(this.redis, "TIME");
		return Long.parseLong((String) time.get(0)) * 1_000_000L + Long.parseLong((String) time.get(1));
	}

}
