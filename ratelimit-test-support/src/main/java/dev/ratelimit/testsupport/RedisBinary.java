package dev.ratelimit.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Locates a {@code redis-server} executable: the one {@code REDIS_BINARY} names if set,
 * otherwise the first on {@code PATH}, otherwise the binary shipped inside the
 * {@code com.github.codemonstur:embedded-redis} jar (Redis 6.2).
 * <p>
 * {@code REDIS_BINARY} (environment variable or system property) is either
 * {@code embedded}, forcing the jar's binary even when Redis is installed, or the path of
 * a {@code redis-server} executable. Either way the tests start their servers from it
 * rather than from a Testcontainers container (see {@link TestRedis}).
 */
public final class RedisBinary {

	/** Name of the environment variable or system property that forces a binary. */
	public static final String CHOICE = "REDIS_BINARY";

	private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)");

	private static volatile @Nullable Path cached;

	private static volatile @Nullable Path embedded;

	private RedisBinary() {
	}

	/**
	 * Return the path of a runnable {@code redis-server}.
	 * @return the executable
	 */
	public static synchronized Path locate() {
		Path binary = cached;
		if (binary == null) {
			binary = choose();
			cached = binary;
		}
		return binary;
	}

	/**
	 * Return the binary shipped inside the {@code embedded-redis} jar (Redis 6.2),
	 * whatever {@link #locate()} chooses: it links its allocator statically, so it runs
	 * under libfaketime, which Debian's {@code redis-server} (linked to
	 * {@code libjemalloc}) does not.
	 * @return the executable
	 */
	public static synchronized Path embedded() {
		Path binary = embedded;
		if (binary == null) {
			binary = extractEmbedded();
			embedded = binary;
		}
		return binary;
	}

	/**
	 * Return whether {@code REDIS_BINARY} forces a binary.
	 * @return whether a binary is forced
	 */
	public static boolean forced() {
		return choice() != null;
	}

	/**
	 * Return the major version of the binary, such as 6 or 7, from
	 * {@code redis-server --version}.
	 * @return the major version
	 */
	public static int majorVersion() {
		String version = run(locate().toString(), "--version");
		Matcher matcher = VERSION.matcher(version);
		if (!matcher.find()) {
			throw new IllegalStateException("No version in '" + version.trim() + "' from " + locate());
		}
		return Integer.parseInt(matcher.group(1));
	}

	/**
	 * Return a human-readable description of where the binary came from.
	 * @return the description
	 */
	public static String describe() {
		Path binary = locate();
		return binary.toString().contains("ratelimit-redis-") ? "embedded-redis binary " + binary
				: ((choice() != null) ? "redis-server from " + CHOICE + " " : "redis-server from PATH ") + binary;
	}

	private static Path choose() {
		String choice = choice();
		if (choice == null) {
			Path onPath = fromPath();
			return (onPath != null) ? onPath : embedded();
		}
		if (choice.equals("embedded")) {
			return embedded();
		}
		Path given = Path.of(choice);
		if (!Files.isExecutable(given)) {
			throw new IllegalStateException(CHOICE + "=" + choice + " is neither 'embedded' nor an executable");
		}
		return given;
	}

	private static @Nullable String choice() {
		String choice = System.getProperty(CHOICE, System.getenv(CHOICE));
		return (choice == null || choice.isBlank()) ? null : choice.trim();
	}

	private static @Nullable Path fromPath() {
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

	private static String run(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
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
