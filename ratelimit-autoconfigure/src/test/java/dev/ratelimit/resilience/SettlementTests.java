package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the local fallback admits during an outage is charged to Redis when it answers
 * again, against a Redis of the test's own frozen with SIGSTOP: across the outage the
 * client gets its limit, plus at most the one request Redis decides before the settlement
 * lands.
 */
class SettlementTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 10, Duration.ofHours(1)));

	private static final Tier TIER = TestTiers.of("t", LIMITS, FailurePolicy.LOCAL);

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final ExecutorService settlements = Executors.newSingleThreadExecutor();

	private final RedisRateLimiter shared = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofMillis(100)),
			new RedisKeys("rl:"));

	private final CircuitBreaker breaker = Breakers.create("settle", 50, 10, 5, Duration.ofMillis(300), 0, 2);

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(this.shared, PartitionBreakers.of(this.breaker),
			new LocalFallback(MicrosClock.system(), 1000, Fleet.of(1)), RateLimitObserver.NONE,
			new DenyCache(MicrosClock.monotonic(), 1000), new TokenLeases(MicrosClock.monotonic(), 1000),
			this.settlements);

	@AfterEach
	void tearDown() {
		this.settlements.shutdownNow();
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void whatTheFallbackAdmittedIsChargedWhenRedisAnswersAgain() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.limiter.decide("t:warm", TIER, 1).source() == Verdict.Source.PRIMARY
					&& this.breaker.getState() == CircuitBreaker.State.CLOSED);
		int admitted = admitted(4, Verdict.Source.PRIMARY);
		assertThat(admitted).isEqualTo(4);
		this.redis.pause();
		try {
			int local = admitted(12, Verdict.Source.LOCAL_FALLBACK);
			assertThat(local).isEqualTo(6);
			admitted += local;
		}
		finally {
			this.redis.resume();
		}
		// one request every 50 ms for 3 s: Redis answers again after the breaker's wait
		for (int i = 0; i < 60; i++) {
			admitted += this.limiter.decide("t:client", TIER, 1).decision().allowed() ? 1 : 0;
			sleep();
		}
		assertThat(this.limiter.decide("t:client", TIER, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(admitted).isBetween(10, 11);
		// the client went into debt: its bucket is full again only after more than an
		// hour
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.shared.peek("t:client", LIMITS).resetAfter())
				.isGreaterThan(Duration.ofHours(1)));
		assertThat((Long) RedisCommands.call(this.redis.endpoint(), "PTTL", "rl:{t:client}:per-hour"))
			.isGreaterThan(Duration.ofHours(1).toMillis());
	}

	private int admitted(int requests, Verdict.Source expected) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			Verdict verdict = this.limiter.decide("t:client", TIER, 1);
			assertThat(verdict.source()).isEqualTo(expected);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		return admitted;
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
