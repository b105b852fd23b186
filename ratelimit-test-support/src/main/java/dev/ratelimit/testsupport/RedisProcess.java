package dev.ratelimit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code redis-server} process on a loopback port, started and stopped by a test.
 * Besides start and stop it can be paused and resumed ({@code SIGSTOP}/{@code SIGCONT})
 * to simulate a Redis that hangs.
 */
public final class RedisProcess implements AutoCloseable {

	private final Process process;

	private final RedisEndpoint endpoint;

	private final Path workDir;

	private RedisProcess(Process process, RedisEndpoint endpoint, Path workDir) {
		this.process = process;
		this.endpoint = endpoint;
		this.workDir = workDir;
	}

	/**
	 * Start a server on a free loopback port.
	 * @param extraArgs further {@code redis-server} arguments such as
	 * {@code "--cluster-enabled", "yes"}
	 * @return the running server
	 */
	public static RedisProcess start(String... extraArgs) {
		return start(FreePorts.any(), extraArgs);
	}

	/**
	 * Start a server on the given loopback port.
	 * @param port the port
	 * @param extraArgs further {@code redis-server} arguments
	 * @return the running server
	 */
	public static RedisProcess start(int port, String... extraArgs) {
		return start(RedisBinary.locate(), Map.of(), port, extraArgs);
	}

	/**
	 * Start a server from a given binary with further environment variables.
	 * @param binary the {@code redis-server} executable
	 * @param environment variables added to this process's environment
	 * @param port the port
	 * @param extraArgs further {@code redis-server} arguments
	 * @return the running server
	 */
	static RedisProcess start(Path binary, Map<String, String> environment, int port, String... extraArgs) {
		try {
			Path workDir = Files.createTempDirectory("ratelimit-redis-" + port + "-");
			List<String> command = new ArrayList<>(
					List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
							"--appendonly", "no", "--dir", workDir.toString(), "--protected-mode", "no"));
			command.addAll(List.of(extraArgs));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(workDir.resolve("redis.log").toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			RedisProcess redis = new RedisProcess(process, new RedisEndpoint("127.0.0.1", port), workDir);
			redis.awaitReady(Duration.ofSeconds(20));
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return where the server listens.
	 * @return the endpoint
	 */
	public RedisEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * Return the operating-system process id.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Freeze the server with {@code SIGSTOP}: connections stay open but nothing answers.
	 */
	public void pause() {
		signal("STOP");
	}

	/**
	 * Resume a paused server with {@code SIGCONT}.
	 */
	public void resume() {
		signal("CONT");
	}

	/**
	 * Return whether the process is still running.
	 * @return whether it is alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	private void signal(String name) {
		try {
			int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(pid())).start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill -" + name + " failed with exit code " + exit);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with " + this.process.exitValue() + ": " + log());
			}
			try {
				if ("PONG".equals(RedisCommands.call(this.endpoint, "PING"))) {
					return;
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		close();
		throw new IllegalStateException("redis-server on " + this.endpoint + " not ready: " + log(), last);
	}

	private String log() {
		try {
			return Files.readString(this.workDir.resolve("redis.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			resumeQuietly();
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		deleteWorkDir();
	}

	private void resumeQuietly() {
		try {
			resume();
		}
		catch (RuntimeException ex) {
			// best effort: the process may already be gone
		}
	}

	private void deleteWorkDir() {
		try (var paths = Files.walk(this.workDir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// temporary files only
		}
	}

}
