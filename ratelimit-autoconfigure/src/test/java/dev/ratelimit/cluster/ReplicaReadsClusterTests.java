package dev.ratelimit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisEndpoint;
import io.lettuce.core.ReadFrom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster of three masters with one replica each, used by an application that reads
 * from replicas ({@code ReadFrom.REPLICA_PREFERRED}): its reads go to replicas, yet every
 * decision still runs on the master owning the slot, since a replica would reject the
 * script's writes ({@code READONLY}) and could hold stale state.
 */
class ReplicaReadsClusterTests {

	private static RedisCluster cluster;

	private static LettuceConnectionFactory factory;

	private static RedisRateLimiter limiter;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start(3, 1);
		factory = ClusterConnections.started(cluster, ReadFrom.REPLICA_PREFERRED);
		limiter = ClusterConnections.limiter(factory, "rl:");
	}

	@AfterAll
	static void stopCluster() {
		factory.destroy();
		cluster.close();
	}

	@BeforeEach
	void resetStats() {
		ClusterInspection.resetStats(cluster.masters());
		ClusterInspection.resetStats(cluster.replicas());
	}

	@Test
	void applicationReadsGoToReplicas() {
		try (RedisClusterConnection connection = factory.getClusterConnection()) {
			for (int i = 0; i < 30; i++) {
				connection.stringCommands().get(("read-" + i).getBytes(StandardCharsets.UTF_8));
			}
		}
		assertThat(cluster.replicas()).allSatisfy(
				(replica) -> assertThat(ClusterInspection.calls(replica, "get")).as("GET on %s", replica).isPositive());
		assertThat(cluster.masters())
			.allSatisfy((master) -> assertThat(ClusterInspection.calls(master, "get")).isZero());
	}

	@Test
	void decisionsRunOnlyOnMastersAndStayExactUnderParallelLoad() throws Exception {
		LimitSpec limit = LimitSpec.of("burst", 1, Duration.ofHours(1), 50);
		for (RedisEndpoint master : cluster.masters()) {
			String client = ClusterInspection.clientOn(cluster, master, "replicated");
			assertThat(ParallelRequests.admitted(limiter, client, limit, 200)).as("admitted on %s", master)
				.isEqualTo(50);
		}
		for (RedisEndpoint master : cluster.masters()) {
			assertThat(ClusterInspection.calls(master, "evalsha")).as("EVALSHA on %s", master).isEqualTo(200);
		}
		for (RedisEndpoint replica : cluster.replicas()) {
			assertThat(ClusterInspection.calls(replica, "evalsha")).as("EVALSHA on %s", replica).isZero();
			assertThat(ClusterInspection.calls(replica, "eval")).as("EVAL on %s", replica).isZero();
		}
	}

	@Test
	void springBootClusterPropertiesAloneGiveALimiterDecidingOnMasters() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.cluster.nodes=" + String.join(",", cluster.seedNodes()),
					"spring.data.redis.lettuce.read-from=replica-preferred", "ratelimit.redis.timeout=2s",
					"ratelimit.redis.warm-up-timeout=0", "ratelimit.fallback.expected-nodes=1",
					"ratelimit.tiers.free.limits.per-second.limit=3",
					"ratelimit.tiers.free.limits.per-second.period=1s", "ratelimit.tiers.free.limits.per-day.limit=8",
					"ratelimit.tiers.free.limits.per-day.period=1d")
			.run((context) -> {
				assertThat(context.getBean(TierRegistry.class).require("free").limits())
					.containsExactly(AllOrNothingCheck.PER_SECOND, AllOrNothingCheck.PER_DAY);
				RateLimiter booted = context.getBean(RedisRateLimiter.class);
				for (RedisEndpoint master : cluster.masters()) {
					AllOrNothingCheck.assertDeniedRequestsConsumeNothing(booted,
							ClusterInspection.clientOn(cluster, master, "free:booted"));
					assertThat(ClusterInspection.calls(master, "evalsha")).isEqualTo(20);
				}
			});
		assertThat(cluster.replicas()).allSatisfy((replica) -> assertThat(
				ClusterInspection.calls(replica, "evalsha") + ClusterInspection.calls(replica, "eval"))
			.isZero());
	}

}
