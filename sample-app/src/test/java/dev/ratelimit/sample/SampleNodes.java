package dev.ratelimit.sample;

import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.testsupport.RedisEndpoint;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several sample applications in one JVM, each on its own random port, all pointing at
 * the same Redis: a cluster of nodes behind a round robin, without processes.
 */
final class SampleNodes implements AutoCloseable {

	private final List<ConfigurableApplicationContext> contexts;

	private final List<Integer> ports;

	private SampleNodes(List<ConfigurableApplicationContext> contexts) {
		this.contexts = contexts;
		this.ports = contexts.stream()
			.map((context) -> context.getEnvironment().getRequiredProperty("local.server.port", Integer.class))
			.toList();
	}

	/**
	 * Start the nodes one after the other: Spring Boot initialises logging through
	 * JVM-wide system properties, so applications of one JVM must not start in parallel.
	 * @param count how many
	 * @param redis the Redis they share
	 * @param args further command-line arguments for every node
	 * @return the running nodes
	 */
	static SampleNodes start(int count, RedisEndpoint redis, String... args) {
		List<ConfigurableApplicationContext> contexts = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				// lazy: beans no request touches, such as most of Actuator, are never
				// built,
				// which keeps six application starts affordable in the build; a generous
				// Redis budget keeps a loaded machine from turning decisions into
				// fallback ones
				List<String> nodeArgs = new ArrayList<>(List.of("--server.port=0", "--sample.node=node-" + i,
						"--sample.embedded-redis.enabled=false", "--spring.data.redis.host=" + redis.host(),
						"--spring.data.redis.port=" + redis.port(), "--ratelimit.redis.timeout=5s",
						"--spring.main.banner-mode=off", "--spring.main.lazy-initialization=true"));
				nodeArgs.addAll(List.of(args));
				SpringApplicationBuilder node = new SpringApplicationBuilder(SampleApplication.class);
				contexts.add(node.run(nodeArgs.toArray(String[]::new)));
			}
		}
		catch (RuntimeException ex) {
			contexts.forEach(ConfigurableApplicationContext::close);
			throw ex;
		}
		return new SampleNodes(contexts);
	}

	/**
	 * Return the port of each node.
	 * @return the ports, in start order
	 */
	List<Integer> ports() {
		return this.ports;
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

}
