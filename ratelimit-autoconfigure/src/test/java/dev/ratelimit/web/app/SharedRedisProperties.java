package dev.ratelimit.web.app;

import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.TestRedis;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring test context at the JVM's shared real Redis.
 */
public final class SharedRedisProperties {

	private SharedRedisProperties() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		RedisEndpoint redis = TestRedis.shared();
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

}
