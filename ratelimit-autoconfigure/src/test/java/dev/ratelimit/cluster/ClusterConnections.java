package dev.ratelimit.cluster;

import java.time.Duration;

import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCluster;
import io.lettuce.core.ReadFrom;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Started Lettuce connection factories for a {@link RedisCluster}, configured as
 * {@code spring.data.redis.cluster.nodes} would configure them, and limiters on top.
 */
final class ClusterConnections {

	private ClusterConnections() {
	}

	static LettuceConnectionFactory started(RedisCluster cluster) {
		return started(cluster, ReadFrom.UPSTREAM);
	}

	static LettuceConnectionFactory started(RedisCluster cluster, ReadFrom readFrom) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder().readFrom(readFrom).build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisClusterConfiguration(cluster.seedNodes()), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static RedisRateLimiter limiter(LettuceConnectionFactory factory, String prefix) {
		return new RedisRateLimiter(new ScriptRunner(factory, Duration.ofSeconds(2)), new RedisKeys(prefix));
	}

}
