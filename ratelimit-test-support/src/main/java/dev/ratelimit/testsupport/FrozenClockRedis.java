package dev.ratelimit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} whose wall clock stands still at a time the test sets, under
 * libfaketime: {@code TIME}, and so every script's idea of now, reads that time until the
 * test moves it. Only the wall clock is faked; Redis's timers keep the real monotonic
 * clock. Runs the embedded-redis binary (see {@link RedisBinary#embedded()}): libfaketime
 * cannot start a {@code redis-server} linked to a shared {@code libjemalloc}, as Debian's
 * is (libfaketime issue 130).
 */
public final class FrozenClockRedis implements AutoCloseable {

	private static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
			Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
			Path.of("/usr/lib/faketime/libfaketime.so.1"), Path.of("/usr/local/lib/faketime/libfaketime.so.1"));

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final RedisProcess redis;

	private final Path timestampFile;

	private FrozenClockRedis(RedisProcess redis, Path timestampFile) {
		this.redis = redis;
		this.timestampFile = timestampFile;
	}

	/**
	 * Return whether libfaketime is installed (Debian's package {@code libfaketime}).
	 * @return whether a frozen-clock server can start
	 */
	public static boolean available() {
		return library() != null;
	}

	/**
	 * Start a server whose clock reads the given time.
	 * @param time the time, in whole seconds
	 * @return the running server
	 * @throws IllegalStateException if libfaketime is not installed
	 */
	public static FrozenClockRedis start(Instant time) {
		Path library = library();
		if (library == null) {
			throw new IllegalStateException("libfaketime is not installed (apt-get install libfaketime)");
		}
		try {
			Path timestampFile = Files.createTempFile("ratelimit-faketime-", ".txt");
			write(timestampFile, time);
			RedisProcess redis = RedisProcess.start(RedisBinary.embedded(),
					Map.of("LD_PRELOAD", library.toString(), "FAKETIME_TIMESTAMP_FILE", timestampFile.toString(),
							"FAKETIME_NO_CACHE", "1", "DONT_FAKE_MONOTONIC", "1", "TZ", "UTC"),
					FreePorts.any());
			return new FrozenClockRedis(redis, timestampFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Move the server's clock; it stands still there.
	 * @param time the time, in whole seconds
	 */
	public void set(Instant time) {
		write(this.timestampFile, time);
	}

	/**
	 * Return where the server listens.
	 * @return the endpoint
	 */
	public RedisEndpoint endpoint() {
		return this.redis.endpoint();
	}

	@Override
	public void close() {
		this.redis.close();
		try {
			Files.deleteIfExists(this.timestampFile);
		}
		catch (IOException ex) {
			// a temporary file left behind
		}
	}

	private static void write(Path timestampFile, Instant time) {
		if (time.getNano() != 0) {
			throw new IllegalArgumentException("libfaketime reads whole seconds: " + time);
		}
		try {
			Path next = timestampFile.resolveSibling(timestampFile.getFileName() + ".next");
			Files.writeString(next, FORMAT.format(time) + "\n");
			Files.move(next, timestampFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static @Nullable Path library() {
		return LIBRARIES.stream().filter(Files::isReadable).findFirst().orElse(null);
	}

}
