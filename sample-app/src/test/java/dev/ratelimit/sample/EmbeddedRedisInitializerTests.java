package dev.ratelimit.sample;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.testsupport.FreePorts;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sample's own Redis: {@code sample.embedded-redis.enabled} (true unless set) starts
 * one on {@code spring.data.redis.port}, else on a free port, and the application's
 * limits live in it; {@code false} connects to {@code spring.data.redis.*} as any
 * application does.
 */
class EmbeddedRedisInitializerTests {

	@Test
	void embeddedRedisListensOnTheConfiguredPortAndHoldsTheLimits() {
		int port = FreePorts.any();
		RedisEndpoint embedded = new RedisEndpoint("127.0.0.1", port);
		try (ConfigurableApplicationContext context = start("--spring.data.redis.port=" + port)) {
			// the fleet's registration may be there already; the limits are not
			long before = (Long) RedisCommands.call(embedded, "DBSIZE");
			assertThat(limitedRequest(context)).isEqualTo(200);
			assertThat((Long) RedisCommands.call(embedded, "DBSIZE")).isGreaterThan(before);
		}
		// stopped with the application
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> RedisCommands.call(embedded, "PING"));
	}

	@Test
	void withoutAPortTheEmbeddedRedisTakesAFreeOne() {
		try (ConfigurableApplicationContext context = start()) {
			int port = context.getEnvironment().getRequiredProperty("spring.data.redis.port", Integer.class);
			assertThat(port).isNotEqualTo(6379);
			assertThat(limitedRequest(context)).isEqualTo(200);
			assertThat((Long) RedisCommands.call(new RedisEndpoint("127.0.0.1", port), "DBSIZE")).isPositive();
		}
	}

	@Test
	void disabledConnectsToTheConfiguredRedis() {
		try (RedisProcess own = RedisProcess.start();
				ConfigurableApplicationContext context = start("--sample.embedded-redis.enabled=false",
						"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + own.endpoint().port())) {
			long before = (Long) RedisCommands.call(own.endpoint(), "DBSIZE");
			assertThat(limitedRequest(context)).isEqualTo(200);
			assertThat((Long) RedisCommands.call(own.endpoint(), "DBSIZE")).isGreaterThan(before);
		}
	}

	@Test
	void enabledWithARemoteHostStopsStartupNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> start("--spring.data.redis.host=redis.example"))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("spring.data.redis.host"))
			.withMessageContaining("sample.embedded-redis.enabled=false");
	}

	private static int limitedRequest(ConfigurableApplicationContext context) {
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		return Http.get(port, "/api/resource", "X-API-Key", "embedded-redis-test").statusCode();
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--ratelimit.redis.timeout=5s",
				"--spring.main.banner-mode=off", "--spring.main.lazy-initialization=true"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(SampleApplication.class).run(all.toArray(String[]::new));
	}

}
