package dev.ratelimit.sample;

import java.util.Map;

import dev.ratelimit.testsupport.RedisProcess;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a local {@code redis-server} (from PATH or the embedded-redis jar) when the
 * application has no Redis of its own configured, so the sample runs with nothing
 * installed. Set {@code spring.data.redis.url} or {@code spring.data.redis.host} to use a
 * real server, or {@code sample.embedded-redis=false} to turn this off.
 */
public class EmbeddedRedisInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		boolean configured = environment.containsProperty("spring.data.redis.url")
				|| environment.containsProperty("spring.data.redis.host");
		if (configured || !environment.getProperty("sample.embedded-redis", Boolean.class, true)) {
			return;
		}
		RedisProcess redis = RedisProcess.start();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis",
					Map.of("spring.data.redis.host", redis.endpoint().host(), "spring.data.redis.port",
							redis.endpoint().port())));
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent) {
				redis.close();
			}
		});
		Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "embedded-redis-stop"));
	}

}
