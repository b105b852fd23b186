package dev.ratelimit.redis;

import dev.ratelimit.testsupport.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The shared contract on a Lettuce connection factory: one kept connection, each wait
 * bounded by the runner.
 */
class LettuceLuaRateLimiterContractTests extends DriverContractTests {

	// one factory for the class's tests, closed with the test JVM
	private static final LettuceConnectionFactory FACTORY = LettuceFactories.started(TestRedis.shared());

	LettuceLuaRateLimiterContractTests() {
		super(FACTORY, "rl-lettuce:");
	}

}
