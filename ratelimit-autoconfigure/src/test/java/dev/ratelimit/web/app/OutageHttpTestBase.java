package dev.ratelimit.web.app;

import java.time.Duration;

import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * What an HTTP test that stops its Redis starts from: the {@link StoppableRedis}, running
 * and answering the application before each test, the limiter's breakers closed, and a
 * client for the server. A test may stop, pause or kill {@link #redis}; the next test
 * finds it running again, whatever the order.
 */
public abstract class OutageHttpTestBase {

	protected static RedisProcess redis;

	@LocalServerPort
	protected int port;

	protected Http http;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private RedisConnectionFactory connections;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", StoppableRedis::port);
	}

	@BeforeEach
	void redisRunningAndBreakersClosed() {
		redis = StoppableRedis.running();
		// a restarted Redis is answered once the application has reconnected
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			try (var connection = this.connections.getConnection()) {
				return "PONG".equals(connection.ping());
			}
		});
		this.breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
		this.http = new Http(this.port);
	}

	@AfterEach
	void redisRunning() {
		redis = StoppableRedis.running();
	}

}
