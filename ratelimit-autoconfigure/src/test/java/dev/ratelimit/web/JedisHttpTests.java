package dev.ratelimit.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.ratelimit.redis.JedisFactories;
import dev.ratelimit.testsupport.TestRedis;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose Redis connection factory is Jedis's serves the full 429 contract
 * over real HTTP, decided on the real Redis.
 */
@SpringBootTest(classes = { TestApplication.class, JedisHttpTests.JedisRedis.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.key.prefix=rl-jedis-http:", "ratelimit.tiers.free.limits.per-minute.limit=5",
				"ratelimit.tiers.free.limits.per-minute.period=1m", "ratelimit.tiers.duo.limits.x.limit=1",
				"ratelimit.tiers.duo.limits.x.period=1m" })
class JedisHttpTests {

	@LocalServerPort
	int port;

	@Autowired
	RedisConnectionFactory connectionFactory;

	@Test
	void jedisApplicationAdmitsTheBurstThenServesA429WithEveryField() {
		assertThat(this.connectionFactory).isInstanceOf(JedisConnectionFactory.class);
		Http http = new Http(this.port);
		String key = "jedis-" + UUID.randomUUID();
		for (int i = 4; i >= 0; i--) {
			HttpResponse<String> allowed = http.get("/api/free", "X-API-Key", key);
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.headers().firstValue("RateLimit-Remaining")).hasValue(Integer.toString(i));
		}
		HttpResponse<String> denied = http.get("/api/free", "X-API-Key", key);
		assertThat(denied.statusCode()).isEqualTo(429);
		assertThat(denied.headers().firstValue("Retry-After")).hasValue("12");
		assertThat(denied.headers().firstValue("RateLimit-Limit")).hasValue("5");
		assertThat(denied.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		assertThat(denied.headers().firstValue("RateLimit-Reset")).hasValue("60");
		assertThat(denied.headers().firstValue("RateLimit-Policy")).hasValue("\"per-minute\";q=5;w=60");
		assertThat(denied.headers().firstValue("RateLimit")).hasValue("\"per-minute\";r=0;t=12");
		assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(denied.body()).contains("\"status\":429", "\"tier\":\"free\"", "\"limit\":\"per-minute\"",
				"\"retryAfter\":12");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class JedisRedis {

		@Bean
		JedisConnectionFactory redisConnectionFactory() {
			return JedisFactories.started(TestRedis.shared(), Duration.ofMillis(500));
		}

	}

}
