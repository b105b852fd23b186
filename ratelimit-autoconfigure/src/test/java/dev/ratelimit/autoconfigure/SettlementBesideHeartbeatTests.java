package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A settlement that does not end (Redis slow, many owed keys) delays no heartbeat: the
 * node's registration in a real Redis keeps being renewed, so the node stays in the
 * fleet's count and the others keep their share.
 */
class SettlementBesideHeartbeatTests {

	private static final CountDownLatch settling = new CountDownLatch(1);

	private static final CountDownLatch released = new CountDownLatch(1);

	@Test
	void heartbeatsGoOnWhileASettlementIsStuck() {
		try (RedisProcess redis = RedisProcess.start()) {
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
				.withUserConfiguration(StuckSettlements.class)
				.withPropertyValues("spring.data.redis.host=" + redis.endpoint().host(),
						"spring.data.redis.port=" + redis.endpoint().port(),
						"ratelimit.fallback.heartbeat-interval=100ms", "ratelimit.tiers.free.limits.per-hour.limit=10",
						"ratelimit.tiers.free.limits.per-hour.period=1h")
				.run((context) -> {
					RateLimitGuard guard = context.getBean(RateLimitGuard.class);
					Tier free = context.getBean(TierRegistry.class).require("free");
					await().atMost(Duration.ofSeconds(10))
						.until(() -> guard.decide("free:warm", free, 1).source() == Verdict.Source.PRIMARY
								&& lapses(redis) > 0);
					redis.pause();
					try {
						assertThat(guard.decide("free:client", free, 1).source())
							.isEqualTo(Verdict.Source.LOCAL_FALLBACK);
					}
					finally {
						redis.resume();
					}
					await().atMost(Duration.ofSeconds(10))
						.until(() -> guard.decide("free:warm", free, 1).source() == Verdict.Source.PRIMARY);
					assertThat(settling.await(10, TimeUnit.SECONDS)).isTrue();
					try {
						for (int beat = 0; beat < 3; beat++) {
							double before = lapses(redis);
							await().atMost(Duration.ofSeconds(5)).until(() -> lapses(redis) > before);
						}
					}
					finally {
						released.countDown();
					}
				});
		}
	}

	/**
	 * When this node's registration lapses, in milliseconds of Redis's clock: each beat
	 * moves it on.
	 */
	private static double lapses(RedisProcess redis) {
		List<?> members = (List<?>) RedisCommands.call(redis.endpoint(), "ZRANGE", "rl:{fleet}", "0", "-1",
				"WITHSCORES");
		return members.isEmpty() ? 0 : Double.parseDouble((String) members.get(1));
	}

	@Configuration(proxyBeanMethods = false)
	static class StuckSettlements {

		@Bean
		RedisRateLimiter rateLimiter(ScriptRunner runner) {
			return new RedisRateLimiter(runner, new RedisKeys("rl:")) {

				@Override
				public Decision settle(DecisionRequest request) {
					settling.countDown();
					try {
						released.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return super.settle(request);
				}

			};
		}

	}

}
