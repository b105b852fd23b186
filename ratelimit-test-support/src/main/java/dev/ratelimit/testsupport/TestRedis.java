package dev.ratelimit.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The Redis server shared by the integration tests of one JVM, chosen in this order:
 * <ol>
 * <li>{@code REDIS_URL} (environment variable or system property), used as it is;</li>
 * <li>a Testcontainers {@code redis:7} container when a Docker environment answers and
 * {@code REDIS_BINARY} forces no binary;</li>
 * <li>a {@code redis-server} process on a free loopback port, from {@code REDIS_BINARY},
 * {@code PATH} or the embedded-redis jar (see {@link RedisBinary}).</li>
 * </ol>
 * Whatever is started here is stopped when the JVM exits.
 */
public final class TestRedis {

	private static @Nullable RedisEndpoint endpoint;

	private static String source = "not started";

	private TestRedis() {
	}

	/**
	 * Return the shared server, starting it on first use.
	 * @return the endpoint
	 */
	public static synchronized RedisEndpoint shared() {
		if (endpoint == null) {
			endpoint = start();
		}
		return endpoint;
	}

	/**
	 * Return how the shared server was obtained, for test reports.
	 * @return a description
	 */
	public static synchronized String source() {
		return source;
	}

	private static RedisEndpoint start() {
		String url = System.getProperty("REDIS_URL", System.getenv("REDIS_URL"));
		if (url != null && !url.isBlank()) {
			source = "REDIS_URL " + url;
			return RedisEndpoint.parse(url);
		}
		if (!RedisBinary.forced() && dockerLikelyAvailable() && DockerClientFactory.instance().isDockerAvailable()) {
			return startContainer();
		}
		// Redis 7 refuses DEBUG (the memory measurement's DEBUG HTSTATS) unless enabled
		RedisProcess process = (RedisBinary.majorVersion() >= 7) ? RedisProcess.start("--enable-debug-command", "local")
				: RedisProcess.start();
		Runtime.getRuntime().addShutdownHook(new Thread(process::close, "test-redis-stop"));
		source = RedisBinary.describe() + " on port " + process.endpoint().port();
		return process.endpoint();
	}

	@SuppressWarnings("resource")
	private static RedisEndpoint startContainer() {
		GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379);
		container.start();
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-redis-stop"));
		source = "Testcontainers redis:7";
		return new RedisEndpoint(container.getHost(), container.getMappedPort(6379));
	}

	private static boolean dockerLikelyAvailable() {
		if (System.getenv("DOCKER_HOST") != null) {
			return true;
		}
		Path home = Path.of(System.getProperty("user.home"));
		return Files.exists(Path.of("/var/run/docker.sock")) || Files.exists(home.resolve(".testcontainers.properties"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"));
	}

}
