package dev.ratelimit.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Locates a {@code redis-server} executable: from {@code PATH} if present, otherwise the
 * binary shipped inside the {@code com.github.codemonstur:embedded-redis} jar.
 */
public final class RedisBinary {

	private static volatile Path cached;

	private RedisBinary() {
	}

	/**
	 * Return the path of a runnable {@code redis-server}.
	 * @return the executable
	 */
	public static synchronized Path locate() {
		if (cached == null) {
			Path onPath = fromPath();
			cached = (onPath != null) ? onPath : extractEmbedded();
		}
		return cached;
	}

	/**
	 * Return a human-readable description of where the binary came from.
	 * @return the description
	 */
	public static String describe() {
		Path binary = locate();
		return binary.toString().contains("ratelimit-redis-") ? "embedded-redis binary " + binary
				: "redis-server from PATH " + binary;
	}

	private static Path fromPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "redis-server");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	private static Path extractEmbedded() {
		String resource = embeddedResourceName();
		try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("No redis-server on PATH and no '" + resource
						+ "' in the embedded-redis jar; install Redis or set REDIS_URL");
			}
			Path dir = Files.createTempDirectory("ratelimit-redis-");
			Path target = dir.resolve("redis-server");
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			target.toFile().setExecutable(true);
			target.toFile().deleteOnExit();
			dir.toFile().deleteOnExit();
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String embeddedResourceName() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		boolean arm = arch.contains("aarch64") || arch.contains("arm");
		if (os.contains("mac")) {
			return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
		}
		if (os.contains("linux")) {
			return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
		}
		throw new IllegalStateException("No embedded redis-server for " + os + "/" + arch + "; set REDIS_URL");
	}

}
