package dev.ratelimit.redis;

import dev.ratelimit.testsupport.RedisEndpoint;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Started Lettuce connection factories for tests.
 */
public final class LettuceFactories {

	private LettuceFactories() {
	}

	public static LettuceConnectionFactory started(RedisEndpoint endpoint) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
