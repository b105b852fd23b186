package dev.ratelimit.sample.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.PortProvider;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a {@code redis-server} from the embedded-redis jar so that the sample runs with
 * nothing installed: on {@code spring.data.redis.port} when that is set, else on a free
 * loopback port, and points {@code spring.data.redis.host} and {@code port} at it. With
 * {@code sample.embedded-redis.enabled=false} the application connects to the Redis that
 * {@code spring.data.redis.*} describe, as any application does.
 */
public class EmbeddedRedisInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** Whether the sample starts its embedded Redis (a boolean property). */
	static final String ENABLED = "sample.embedded-redis.enabled";

	private static final String HOST = "spring.data.redis.host";

	private static final String PORT = "spring.data.redis.port";

	private static final String URL = "spring.data.redis.url";

	private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedisInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.getProperty(ENABLED, Boolean.class, true)) {
			return;
		}
		String url = environment.getProperty(URL);
		if (url != null) {
			throw remoteRedis(URL, url);
		}
		String host = environment.getProperty(HOST);
		if (host != null && !LOOPBACK.contains(host)) {
			throw remoteRedis(HOST, host);
		}
		Integer configuredPort = environment.getProperty(PORT, Integer.class);
		int port = (configuredPort != null) ? configuredPort : PortProvider.newEphemeralPortProvider().get();
		RedisServer redis = start(port);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRedis", Map.of(HOST, "127.0.0.1", PORT, port)));
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent) {
				stop(redis);
			}
		});
		logger.info("Embedded Redis on 127.0.0.1:" + port + " (" + ENABLED + "=false connects to "
				+ "spring.data.redis.* instead)");
	}

	private static InvalidConfigurationPropertyValueException remoteRedis(String property, String value) {
		return new InvalidConfigurationPropertyValueException(property, value,
				"The embedded Redis listens on 127.0.0.1; set " + ENABLED + "=false to connect to this Redis");
	}

	private static RedisServer start(int port) {
		try {
			RedisServer redis = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			redis.start();
			return redis;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded Redis could not start on 127.0.0.1:" + port
					+ " (is the port taken?); set " + ENABLED + "=false to use a Redis of your own", ex);
		}
	}

	private static void stop(RedisServer redis) {
		try {
			redis.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
