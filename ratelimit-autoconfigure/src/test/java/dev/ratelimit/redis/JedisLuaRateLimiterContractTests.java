package dev.ratelimit.redis;

import java.time.Duration;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.RateLimiterContractTests;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * Runs the shared contract through the production {@link ScriptRunner} on a Jedis
 * connection factory: Spring Data's driver-neutral scripting commands.
 */
class JedisLuaRateLimiterContractTests extends RateLimiterContractTests {

	private static JedisConnectionFactory factory;

	@BeforeAll
	static void connect() {
		factory = JedisFactories.started(TestRedis.shared(), Duration.ofSeconds(5));
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
	}

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		return new RedisRateLimiter(
				new DriverInjectedClockScripts(new ScriptRunner(factory, Duration.ofSeconds(5)), clock),
				new RedisKeys("rl-jedis:"));
	}

}
