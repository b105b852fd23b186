package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import dev.ratelimit.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what {@code docs/cluster.md} states for sizing, on three masters through the
 * production path: decisions per second, what one decision costs a master (time in the
 * script, {@code usec_per_call}, and the whole process's CPU with network handling, which
 * bounds one master's throughput however many clients there are), and the memory a key
 * takes on a cluster node compared with a standalone server.
 * <p>
 * By default each throughput scenario runs one second as a shape check; the figures in
 * the docs come from {@code -Dcluster.throughput.seconds=10 -Dcluster.memory.keys=6000}.
 * A measurement: it runs with {@code -Pmeasurements}, not in every build.
 */
@Tag("measurement")
class ClusterSizingTests {

	private static final int THREADS = 32;

	private static final LimitSpec PER_SECOND = LimitSpec.of("per-second", 1_000_000, Duration.ofSeconds(1));

	private static final LimitSpec PER_DAY = LimitSpec.of("per-day", 50_000, Duration.ofDays(1));

	/** A key of this limit lives a day after one request: none expires while measured. */
	private static final LimitSpec DAILY = LimitSpec.of("daily", 1, Duration.ofDays(1));

	private static RedisCluster cluster;

	private static LettuceConnectionFactory factory;

	private static RedisRateLimiter limiter;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start(3);
		factory = ClusterConnections.started(cluster);
		limiter = ClusterConnections.limiter(factory, "rl:");
	}

	@AfterAll
	static void stopCluster() {
		factory.destroy();
		cluster.close();
	}

	@Test
	void throughputWithOneLimitPerDecision() throws Exception {
		measureThroughput("1 token bucket", List.of(PER_SECOND));
	}

	@Test
	void throughputWithTwoLimitsPerDecision() throws Exception {
		measureThroughput("2 token buckets", List.of(PER_SECOND, PER_DAY));
	}

	@Test
	void memoryPerKeyOnAClusterMasterAndOnAStandaloneServer() throws Exception {
		int perNode = Integer.getInteger("cluster.memory.keys", 1_500);
		// the other measurements' keys would expire meanwhile and hide the new keys'
		// growth
		cluster.masters().forEach((master) -> RedisCommands.call(master, "FLUSHALL"));
		double clusterGrowth = memoryGrowth(cluster.masters(), limiter, perNode * 3) / (perNode * 3);
		double standaloneGrowth;
		try (RedisProcess standalone = RedisProcess.start()) {
			LettuceConnectionFactory standaloneFactory = LettuceFactories.started(standalone.endpoint());
			try {
				standaloneGrowth = memoryGrowth(List.of(standalone.endpoint()),
						ClusterConnections.limiter(standaloneFactory, "rl:"), perNode) / perNode;
			}
			finally {
				standaloneFactory.destroy();
			}
		}
		String sample = "rl:{" + ClusterLoad.clients("memory-", 1).get(0) + "}:daily";
		Object usage = RedisCommands.call(cluster.masterOf(sample), "MEMORY", "USAGE", sample, "SAMPLES", "0");
		System.out.printf(
				"Token-bucket key (%d bytes of name): MEMORY USAGE %s bytes; used_memory growth per key"
						+ " %.0f bytes on a cluster master, %.0f standalone: %.0f bytes of slot index%n",
				sample.length(), usage, clusterGrowth, standaloneGrowth, clusterGrowth - standaloneGrowth);
		assertThat(clusterGrowth).isBetween(standaloneGrowth - 20, standaloneGrowth + 200);
	}

	private void measureThroughput(String scenario, List<LimitSpec> limits) throws Exception {
		Duration duration = Duration.ofSeconds(Long.getLong("cluster.throughput.seconds", 1));
		ClusterLoad load = new ClusterLoad(limiter, limits, THREADS);
		List<String> clients = ClusterLoad.clients("throughput-", 10_000);
		load.randomly(clients, Duration.ofSeconds(Math.max(1, duration.toSeconds() / 5)));
		ClusterInspection.resetStats(cluster.masters());
		List<Double> cpuBefore = cluster.masters().stream().map(ClusterSizingTests::cpuSeconds).toList();
		long started = System.nanoTime();
		long decisions = load.randomly(clients, duration);
		double seconds = (System.nanoTime() - started) / 1e9;
		StringBuilder report = new StringBuilder(
				String.format("%s, %d threads, %d clients: %.0f decisions/s in all," + " %.0f per master%n", scenario,
						THREADS, clients.size(), decisions / seconds, decisions / seconds / 3));
		long total = 0;
		for (int i = 0; i < cluster.masters().size(); i++) {
			RedisEndpoint master = cluster.masters().get(i);
			long calls = ClusterInspection.calls(master, "evalsha");
			double cpuMicros = (cpuSeconds(master) - cpuBefore.get(i)) * 1e6 / calls;
			report.append(String.format(
					"  master %d: %d decisions (%.1f %%), %.1f us in the script, %.1f us of CPU"
							+ " each: at most %.0f decisions/s on one core%n",
					i, calls, 100.0 * calls / decisions, ClusterInspection.microsPerCall(master, "evalsha"), cpuMicros,
					1e6 / cpuMicros));
			assertThat(calls).isGreaterThan(decisions / 5);
			total += calls;
		}
		System.out.print(report);
		// a measurement, not a timed test: only the spread over masters is asserted
		assertThat(total).isPositive();
	}

	/**
	 * Return how much {@code used_memory} grows when one key is written for each of
	 * {@code keys} new clients. Warming up first loads the script and fills the
	 * connections' buffers, so that only the keys count.
	 */
	private static double memoryGrowth(List<RedisEndpoint> nodes, RedisRateLimiter limiter, int keys) throws Exception {
		// few threads: many would grow the connections' buffers, which would count as
		// keys
		ClusterLoad load = new ClusterLoad(limiter, List.of(DAILY), 4);
		load.once(ClusterLoad.clients("memory-warm-up-", 300));
		double before = usedMemory(nodes);
		load.once(ClusterLoad.clients("memory-", keys));
		return usedMemory(nodes) - before;
	}

	private static double usedMemory(List<RedisEndpoint> nodes) {
		return nodes.stream().mapToDouble((node) -> ClusterInspection.info(node, "memory", "used_memory")).sum();
	}

	private static double cpuSeconds(RedisEndpoint node) {
		return ClusterInspection.info(node, "cpu", "used_cpu_user")
				+ ClusterInspection.info(node, "cpu", "used_cpu_sys");
	}

}
