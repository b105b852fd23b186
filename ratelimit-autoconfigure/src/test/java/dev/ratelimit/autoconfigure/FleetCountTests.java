package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.ratelimit.actuate.RateLimitsEndpoint;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes on one Redis with {@code expected-nodes} unset count themselves with their
 * heartbeats, report the count, and keep it while Redis is away, so their local shares
 * add up to about the limit. A node started while Redis is away has no count: it reports
 * none and its local-fallback tiers refuse until a beat counts the fleet.
 */
class FleetCountTests {

	@Test
	void threeNodesCountThemselvesAndShareTheLimitDuringAnOutage() {
		try (RedisProcess redis = RedisProcess.start()) {
			ApplicationContextRunner node = new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
						RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class))
				.withPropertyValues("spring.data.redis.host=" + redis.endpoint().host(),
						"spring.data.redis.port=" + redis.endpoint().port(),
						"ratelimit.fallback.heartbeat-interval=100ms", "ratelimit.tiers.free.limits.per-hour.limit=10",
						"ratelimit.tiers.free.limits.per-hour.period=1h",
						"management.endpoints.web.exposure.include=ratelimits");
			node.run((one) -> node.run((two) -> node.run((three) -> {
				for (AssertableApplicationContext context : new AssertableApplicationContext[] { one, two, three }) {
					await().atMost(Duration.ofSeconds(10)).until(() -> nodes(context) == 3);
				}
				assertThat(fleet(one)).isEqualTo(Map.of("nodes", 3, "counted", true, "awaitingCount", false));
				redis.close();
				int admitted = 0;
				for (AssertableApplicationContext context : new AssertableApplicationContext[] { one, two, three }) {
					RateLimitGuard guard = context.getBean(RateLimitGuard.class);
					Tier free = context.getBean(TierRegistry.class).require("free");
					for (int i = 0; i < 10; i++) {
						Verdict verdict = guard.decide("free:fresh", free, 1);
						assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
						admitted += verdict.decision().allowed() ? 1 : 0;
					}
				}
				// each node's share is ceil(10 / 3) = 4: at most the limit plus 3
				assertThat(admitted).isEqualTo(12);
				assertThat(nodes(one)).isEqualTo(3);
			})));
		}
	}

	@Test
	void aNodeStartedWhileRedisIsAwayReportsNoCountAndRefusesUntilABeatCountsIt() {
		int port = FreePorts.any();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class,
					RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port,
					"spring.data.redis.connect-timeout=200ms", "ratelimit.redis.timeout=100ms",
					"ratelimit.redis.warm-up-timeout=200ms", "ratelimit.fallback.heartbeat-interval=100ms",
					"ratelimit.tiers.free.limits.per-hour.limit=10", "ratelimit.tiers.free.limits.per-hour.period=1h",
					"management.endpoints.web.exposure.include=ratelimits")
			.run((context) -> {
				assertThat(fleet(context)).isEqualTo(Map.of("counted", true, "awaitingCount", true));
				RateLimitGuard guard = context.getBean(RateLimitGuard.class);
				Tier free = context.getBean(TierRegistry.class).require("free");
				assertThat(guard.decide("free:early", free, 1).source()).isEqualTo(Verdict.Source.FAIL_CLOSED);
				try (RedisProcess redis = RedisProcess.start(port)) {
					await().atMost(Duration.ofSeconds(20))
						.until(() -> fleet(context).get("awaitingCount").equals(false));
					assertThat(fleet(context)).isEqualTo(Map.of("nodes", 1, "counted", true, "awaitingCount", false));
				}
			});
	}

	@Test
	void aConfiguredNumberOfNodesOverridesTheCount() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitActuatorAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local", "ratelimit.fallback.expected-nodes=5",
					"ratelimit.tiers.free.limits.per-hour.limit=10", "ratelimit.tiers.free.limits.per-hour.period=1h",
					"management.endpoints.web.exposure.include=ratelimits")
			.run((context) -> assertThat(fleet(context))
				.isEqualTo(Map.of("nodes", 5, "counted", false, "awaitingCount", false)));
	}

	private static int nodes(AssertableApplicationContext context) {
		return (Integer) fleet(context).get("nodes");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> fleet(AssertableApplicationContext context) {
		return (Map<String, Object>) context.getBean(RateLimitsEndpoint.class).tiers().get("fleet");
	}

}
