package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.testsupport.TestRedis;

import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * The shared contract on a Jedis connection factory: Spring Data's driver-neutral
 * scripting commands.
 */
class JedisLuaRateLimiterContractTests extends DriverContractTests {

	// one factory for the class's tests, closed with the test JVM
	private static final JedisConnectionFactory FACTORY = JedisFactories.started(TestRedis.shared(),
			Duration.ofSeconds(5));

	JedisLuaRateLimiterContractTests() {
		super(FACTORY, "rl-jedis:");
	}

}
