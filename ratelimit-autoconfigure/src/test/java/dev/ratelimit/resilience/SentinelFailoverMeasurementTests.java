package dev.ratelimit.resilience;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisSentinel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22's failover run behind Sentinel with the default policy and breaker: a client
 * has spent 30 of 50 an hour, the master is killed, and the client sends one request
 * every 100 ms for 20 s. The fallback starts the client with the 20 it had left and what
 * it admits is charged to the promoted replica when it answers, so the client gets at
 * most 52 in all (67 when the fallback started full and settled nothing).
 */
@Tag("measurement")
class SentinelFailoverMeasurementTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 50, Duration.ofHours(1)));

	private static final Tier TIER = TestTiers.of("t", LIMITS, FailurePolicy.LOCAL);

	@Test
	void aClientThatSpent30Of50GetsAtMost52AcrossAFailover() {
		try (RedisSentinel sentinel = RedisSentinel.start(1)) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisSentinelConfiguration(RedisSentinel.MASTER_NAME, Set.of(sentinel.sentinelNode())));
			factory.afterPropertiesSet();
			factory.start();
			ExecutorService settlements = Executors.newSingleThreadExecutor();
			try {
				RedisRateLimiter redis = new RedisRateLimiter(
						new ScriptRunner(factory, Duration.ofMillis(100), Duration.ofSeconds(1)), new RedisKeys("rl:"));
				// connected and the script loaded before the breaker counts anything
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
					redis.decide("t:warm", LIMITS, 1);
					return true;
				});
				FailSafeRateLimiter limiter = new FailSafeRateLimiter(redis,
						PartitionBreakers.of(Breakers.create("sentinel", 50, 10, 5, Duration.ofSeconds(5), 0.5, 3)),
						new LocalFallback(MicrosClock.system(), 100_000, Fleet.of(1)), RateLimitObserver.NONE,
						new DenyCache(MicrosClock.monotonic(), 1000), new TokenLeases(MicrosClock.monotonic(), 1000),
						settlements);
				for (int i = 0; i < 30; i++) {
					assertThat(limiter.decide("t:client", TIER, 1).decision().allowed()).isTrue();
				}
				await().atMost(Duration.ofSeconds(10))
					.until(() -> Long.valueOf(1)
						.equals(RedisCommands.call(sentinel.servers().get(1), "EXISTS", "rl:{t:client}:per-hour")));
				kill(sentinel);
				Map<Verdict.Source, Integer> admitted = new EnumMap<>(Verdict.Source.class);
				long next = System.nanoTime();
				for (int i = 0; i < 200; i++) {
					Verdict verdict = limiter.decide("t:client", TIER, 1);
					if (verdict.decision() != null && verdict.decision().allowed()) {
						admitted.merge(verdict.source(), 1, Integer::sum);
					}
					next += TimeUnit.MILLISECONDS.toNanos(100);
					LockSupport.parkNanos(next - System.nanoTime());
				}
				int total = 30 + admitted.values().stream().mapToInt(Integer::intValue).sum();
				System.out.println("Sentinel failover, 30 of 50 spent, 1 request / 100 ms for 20 s: " + total
						+ " admitted in all, after the kill " + admitted);
				assertThat(total).isLessThanOrEqualTo(52);
			}
			finally {
				settlements.shutdownNow();
				factory.destroy();
			}
		}
	}

	private static void kill(RedisSentinel sentinel) {
		try {
			RedisCommands.call(sentinel.initialMaster(), "SHUTDOWN", "NOSAVE");
		}
		catch (UncheckedIOException ex) {
			// the master closes the connection as it exits
		}
	}

}
