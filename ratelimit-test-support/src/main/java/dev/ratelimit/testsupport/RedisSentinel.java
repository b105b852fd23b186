package dev.ratelimit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A Redis master with replicas watched by one Sentinel, on loopback ports, started and
 * stopped by a test. The Sentinel is the same {@code redis-server} binary run with
 * {@code --sentinel}; it needs a configuration file of its own, which it rewrites.
 *
 * <pre class="code">
 * static RedisSentinel sentinel = RedisSentinel.start(1);
 * new RedisSentinelConfiguration(RedisSentinel.MASTER_NAME, Set.of(sentinel.sentinelNode()));
 * </pre>
 */
public final class RedisSentinel implements AutoCloseable {

	/** The name the Sentinel monitors the master under. */
	public static final String MASTER_NAME = "mymaster";

	private final List<RedisProcess> servers;

	private final Process sentinel;

	private final RedisEndpoint sentinelEndpoint;

	private final Path workDir;

	private RedisSentinel(List<RedisProcess> servers, Process sentinel, RedisEndpoint sentinelEndpoint, Path workDir) {
		this.servers = servers;
		this.sentinel = sentinel;
		this.sentinelEndpoint = sentinelEndpoint;
		this.workDir = workDir;
	}

	/**
	 * Start a master, its replicas and a Sentinel, and return once the Sentinel has
	 * discovered every replica.
	 * @param replicas the number of replicas
	 * @return the running set-up
	 */
	public static RedisSentinel start(int replicas) {
		List<RedisProcess> servers = new ArrayList<>();
		try {
			RedisProcess master = RedisProcess.start();
			servers.add(master);
			String masterPort = String.valueOf(master.endpoint().port());
			for (int i = 0; i < replicas; i++) {
				servers.add(RedisProcess.start("--replicaof", "127.0.0.1", masterPort));
			}
			Path workDir = Files.createTempDirectory("ratelimit-sentinel-");
			int port = FreePorts.any();
			Path config = workDir.resolve("sentinel.conf");
			Files.writeString(config,
					String.join("\n", "port " + port, "bind 127.0.0.1", "dir " + workDir,
							"sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 1",
							"sentinel down-after-milliseconds " + MASTER_NAME + " 2000",
							"sentinel failover-timeout " + MASTER_NAME + " 10000", ""));
			Process process = new ProcessBuilder(RedisBinary.locate().toString(), config.toString(), "--sentinel")
				.redirectErrorStream(true)
				.redirectOutput(workDir.resolve("sentinel.log").toFile())
				.start();
			RedisSentinel sentinel = new RedisSentinel(servers, process, new RedisEndpoint("127.0.0.1", port), workDir);
			try {
				ClusterFormation.await("the Sentinel to see " + replicas + " synchronised replicas",
						() -> sentinel.notReady(replicas));
			}
			catch (RuntimeException ex) {
				sentinel.close();
				throw ex;
			}
			return sentinel;
		}
		catch (IOException ex) {
			servers.forEach(RedisProcess::close);
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			servers.forEach(RedisProcess::close);
			throw ex;
		}
	}

	private @Nullable String notReady(int replicas) {
		if (!this.sentinel.isAlive()) {
			throw new IllegalStateException("Sentinel exited with " + this.sentinel.exitValue() + ": " + log());
		}
		try {
			List<?> known = (List<?>) RedisCommands.call(this.sentinelEndpoint, "SENTINEL", "REPLICAS", MASTER_NAME);
			long synchronised = known.stream()
				.map((replica) -> (List<?>) replica)
				.filter((replica) -> "ok".equals(field(replica, "master-link-status"))
						&& "slave".equals(field(replica, "flags")))
				.count();
			return (synchronised == replicas) ? null : "the Sentinel sees " + known;
		}
		catch (RuntimeException ex) {
			return ex.toString();
		}
	}

	private static @Nullable Object field(List<?> fields, String name) {
		int index = fields.indexOf(name);
		return (index >= 0 && index + 1 < fields.size()) ? fields.get(index + 1) : null;
	}

	/**
	 * Return where the Sentinel listens.
	 * @return the Sentinel's endpoint
	 */
	public RedisEndpoint sentinel() {
		return this.sentinelEndpoint;
	}

	/**
	 * Return the Sentinel as {@code host:port}, for {@code RedisSentinelConfiguration} or
	 * {@code spring.data.redis.sentinel.nodes}.
	 * @return the Sentinel node
	 */
	public String sentinelNode() {
		return this.sentinelEndpoint.host() + ":" + this.sentinelEndpoint.port();
	}

	/**
	 * Return the master the Sentinel set-up started with.
	 * @return the first master
	 */
	public RedisEndpoint initialMaster() {
		return this.servers.get(0).endpoint();
	}

	/**
	 * Return the master as the Sentinel currently names it.
	 * @return the current master
	 */
	public RedisEndpoint currentMaster() {
		List<?> address = (List<?>) RedisCommands.call(this.sentinelEndpoint, "SENTINEL", "GET-MASTER-ADDR-BY-NAME",
				MASTER_NAME);
		return new RedisEndpoint((String) address.get(0), Integer.parseInt((String) address.get(1)));
	}

	/**
	 * Return every data node, master first.
	 * @return the servers
	 */
	public List<RedisEndpoint> servers() {
		return this.servers.stream().map(RedisProcess::endpoint).toList();
	}

	private String log() {
		try {
			return Files.readString(this.workDir.resolve("sentinel.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	/**
	 * Stop the Sentinel and every server.
	 */
	@Override
	public void close() {
		this.sentinel.destroy();
		try {
			if (!this.sentinel.waitFor(5, TimeUnit.SECONDS)) {
				this.sentinel.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.servers.forEach(RedisProcess::close);
		try (var paths = Files.walk(this.workDir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// temporary files only
		}
	}

}
