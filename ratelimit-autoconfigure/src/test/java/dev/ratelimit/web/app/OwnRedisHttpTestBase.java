package dev.ratelimit.web.app;

import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an HTTP test that stops its Redis starts from: a {@code redis-server} of the test
 * class's own, started before the application and closed after the class, and the
 * server's port.
 */
public abstract class OwnRedisHttpTestBase {

	protected static RedisProcess redis;

	@LocalServerPort
	protected int port;

	@BeforeAll
	static void startRedis() {
		redis = RedisProcess.start();
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redis.endpoint().port());
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

}
