package dev.ratelimit.benchmarks;

import java.net.URI;

import dev.ratelimit.testsupport.RedisBinary;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.RedisProcess;
import org.jspecify.annotations.Nullable;

/**
 * The Redis the run measures against: {@code REDIS_URL} if set, otherwise a
 * {@code redis-server} started on a free loopback port for the run.
 */
final class RedisServer implements AutoCloseable {

	private final RedisEndpoint endpoint;

	private final @Nullable RedisProcess process;

	private final String origin;

	private RedisServer(RedisEndpoint endpoint, @Nullable RedisProcess process, String origin) {
		this.endpoint = endpoint;
		this.process = process;
		this.origin = origin;
	}

	/**
	 * Connect to {@code REDIS_URL} or start a local server.
	 * @return the server
	 */
	static RedisServer startOrConnect() {
		String url = System.getenv("REDIS_URL");
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			RedisEndpoint endpoint = new RedisEndpoint(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 6379);
			return new RedisServer(endpoint, null, "REDIS_URL " + url);
		}
		RedisProcess process = RedisProcess.start();
		return new RedisServer(process.endpoint(), process, RedisBinary.describe());
	}

	RedisEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Describe the server: version and where it came from.
	 * @return the description
	 */
	String describe() {
		return "Redis " + info("redis_version") + " (" + info("arch_bits") + "-bit, " + this.origin + ")";
	}

	private String info(String field) {
		String info = (String) RedisCommands.call(this.endpoint, "INFO", "server");
		for (String line : info.split("\r\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1);
			}
		}
		return "?";
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.close();
		}
	}

}
