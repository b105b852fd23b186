package dev.ratelimit.web.app;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every HTTP test of an application on the shared Redis starts from: the server's
 * port, a client for it, and the Redis properties.
 */
public abstract class HttpTestBase {

	@LocalServerPort
	protected int port;

	protected Http http;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		SharedRedisProperties.register(registry);
	}

	@BeforeEach
	void connect() {
		this.http = new Http(this.port);
	}

}
