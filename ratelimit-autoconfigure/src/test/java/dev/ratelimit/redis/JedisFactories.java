package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.testsupport.RedisEndpoint;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Started Jedis connection factories for tests, pooled as Spring Boot configures them.
 */
public final class JedisFactories {

	private JedisFactories() {
	}

	public static JedisConnectionFactory started(RedisEndpoint endpoint, Duration readTimeout) {
		JedisClientConfiguration client = JedisClientConfiguration.builder()
			.readTimeout(readTimeout)
			.connectTimeout(Duration.ofMillis(500))
			.usePooling()
			.build();
		JedisConnectionFactory factory = new JedisConnectionFactory(
				new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
