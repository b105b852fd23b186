package dev.ratelimit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.RedisSentinel;
import io.lettuce.core.ReadFrom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path through Sentinel, configured as
 * {@code spring.data.redis.sentinel.*} configures it, by an application that reads from
 * replicas: decisions run on the master the Sentinel names, the reads on the replica.
 */
class SentinelRateLimiterTests {

	private static RedisSentinel sentinel;

	private static LettuceConnectionFactory factory;

	private static RedisRateLimiter limiter;

	@BeforeAll
	static void startSentinel() {
		sentinel = RedisSentinel.start(1);
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.readFrom(ReadFrom.REPLICA_PREFERRED)
			.build();
		factory = new LettuceConnectionFactory(
				new RedisSentinelConfiguration(RedisSentinel.MASTER_NAME, Set.of(sentinel.sentinelNode())), client);
		factory.afterPropertiesSet();
		factory.start();
		limiter = ClusterConnections.limiter(factory, "rl:");
	}

	@AfterAll
	static void stopSentinel() {
		factory.destroy();
		sentinel.close();
	}

	@BeforeEach
	void resetStats() {
		ClusterInspection.resetStats(sentinel.servers());
	}

	@Test
	void decisionsRunOnTheMasterWhileReadsGoToTheReplica() throws Exception {
		LimitSpec limit = LimitSpec.of("burst", 1, Duration.ofHours(1), 50);
		assertThat(ParallelRequests.admitted(limiter, "sentinel-parallel", limit, 200)).isEqualTo(50);
		try (RedisConnection connection = factory.getConnection()) {
			for (int i = 0; i < 10; i++) {
				connection.stringCommands().get(("read-" + i).getBytes(StandardCharsets.UTF_8));
			}
		}
		RedisEndpoint master = sentinel.servers().get(0);
		RedisEndpoint replica = sentinel.servers().get(1);
		assertThat(sentinel.currentMaster()).isEqualTo(master);
		assertThat(ClusterInspection.calls(master, "evalsha")).isEqualTo(200);
		assertThat(ClusterInspection.calls(replica, "evalsha") + ClusterInspection.calls(replica, "eval")).isZero();
		assertThat(ClusterInspection.calls(replica, "get")).isEqualTo(10);
		assertThat(RedisCommands.call(master, "EXISTS", "rl:{sentinel-parallel}:burst")).isEqualTo(1L);
	}

	@Test
	void requestDeniedByOneLimitConsumesNothingFromTheOther() {
		AllOrNothingCheck.assertDeniedRequestsConsumeNothing(limiter, "sentinel-compound");
	}

}
