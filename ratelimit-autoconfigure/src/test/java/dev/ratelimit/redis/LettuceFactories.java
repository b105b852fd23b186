package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.testsupport.RedisEndpoint;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Started Lettuce connection factories for tests.
 */
public final class LettuceFactories {

	private LettuceFactories() {
	}

	public static LettuceConnectionFactory started(RedisEndpoint endpoint) {
		return started(
				new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port())));
	}

	/**
	 * Return a started factory that gives up connecting after the given time, for tests
	 * that stop and restart the server under it.
	 * @param endpoint the server
	 * @param connectTimeout the longest a connection attempt may take
	 * @return the factory
	 */
	public static LettuceConnectionFactory started(RedisEndpoint endpoint, Duration connectTimeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientOptions(ClientOptions.builder()
				.socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
				.build())
			.build();
		return started(new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()),
				client));
	}

	private static LettuceConnectionFactory started(LettuceConnectionFactory factory) {
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
