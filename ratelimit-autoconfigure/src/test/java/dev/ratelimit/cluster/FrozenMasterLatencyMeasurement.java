package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.awaitility.Awaitility.await;

/**
 * Prints the latency of decisions on a three-master cluster, per group of keys (those of
 * the healthy masters, those of the one frozen master), before, during and after a
 * {@code SIGSTOP} of that master, with the shipped defaults (a budget of 100 ms, a busy
 * timeout of 1 s, the scheduling-lag thread running) and 16 threads deciding without
 * pause. Also prints the cost of {@link RedisRateLimiter#partition(String)}. A
 * measurement: it runs with {@code -Pmeasurements}, and its figures are read, not
 * asserted.
 */
@Tag("measurement")
class FrozenMasterLatencyMeasurement {

	private static final List<LimitSpec> AMPLE = List.of(LimitSpec.of("ample", 1_000_000, Duration.ofSeconds(1)));

	private static final int THREADS = 16;

	private static final Duration PHASE = Duration.ofSeconds(4);

	@Test
	void printLatencyPerGroupBeforeDuringAndAfterAFrozenMaster() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3)) {
			cluster.serveWithoutFullCoverage();
			LettuceConnectionFactory factory = ClusterConnections.started(cluster);
			ScriptRunner runner = new ScriptRunner(factory, Duration.ofMillis(100), Duration.ofSeconds(1));
			runner.start();
			try {
				RedisRateLimiter limiter = new RedisRateLimiter(runner, new RedisKeys("rl:"));
				RedisEndpoint frozen = cluster.masters().get(2);
				List<String> healthy = new ArrayList<>();
				List<String> stalled = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					healthy.add(ClusterInspection.clientOn(cluster, cluster.masters().get(i % 2), "h" + i));
					stalled.add(ClusterInspection.clientOn(cluster, frozen, "s" + i));
				}
				printPartitionCost(limiter, healthy.get(0));
				run("warm-up", limiter, healthy, stalled);
				run("baseline", limiter, healthy, stalled);
				cluster.pause(frozen);
				try {
					run("frozen", limiter, healthy, stalled);
				}
				finally {
					cluster.resume(frozen);
				}
				run("resumed", limiter, healthy, stalled);
			}
			finally {
				runner.stop();
				factory.destroy();
			}
		}
	}

	private static void printPartitionCost(RedisRateLimiter limiter, String client) {
		// the first connection reads the cluster's topology, which may take longer than
		// a decision waits
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptionsInstanceOf(RateLimitBackendException.class)
			.until(() -> limiter.decide(client, AMPLE, 1).allowed());
		int sink = 0;
		for (int round = 0; round < 3; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < 1_000_000; i++) {
				sink += limiter.partition(client).length();
			}
			System.out.printf("partition(): %.0f ns per call (round %d, %d)%n", (System.nanoTime() - start) / 1e6,
					round, sink);
		}
	}

	private static void run(String phase, RedisRateLimiter limiter, List<String> healthy, List<String> stalled)
			throws InterruptedException {
		Group healthyGroup = new Group();
		Group stalledGroup = new Group();
		AtomicBoolean going = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			Thread thread = new Thread(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				while (going.get()) {
					// a third of the keys live on the frozen master, as in an even
					// cluster
					boolean onStalled = random.nextInt(3) == 0;
					List<String> keys = onStalled ? stalled : healthy;
					String key = keys.get(random.nextInt(keys.size()));
					long start = System.nanoTime();
					boolean decided;
					try {
						limiter.decide(key, AMPLE, 1);
						decided = true;
					}
					catch (RateLimitBackendException ex) {
						decided = false;
					}
					(onStalled ? stalledGroup : healthyGroup).add(System.nanoTime() - start, decided);
				}
			});
			thread.start();
			threads.add(thread);
		}
		Thread.sleep(PHASE.toMillis());
		going.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		System.out.printf("%-9s healthy masters: %s%n", phase, healthyGroup);
		System.out.printf("%-9s frozen master:   %s%n", phase, stalledGroup);
	}

	/**
	 * The latencies and outcomes of one group of keys.
	 */
	private static final class Group {

		private long[] latencies = new long[1 << 16];

		private int count;

		private int decided;

		synchronized void add(long nanos, boolean byRedis) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = nanos;
			this.decided += byRedis ? 1 : 0;
		}

		@Override
		public synchronized String toString() {
			if (this.count == 0) {
				return "no calls";
			}
			long[] sorted = Arrays.copyOf(this.latencies, this.count);
			Arrays.sort(sorted);
			return String.format("%6d calls, %6d by Redis, %5d failed; p50 %7.2f ms, p99 %7.2f ms, max %7.2f ms",
					this.count, this.decided, this.count - this.decided, millis(sorted, 0.50), millis(sorted, 0.99),
					sorted[this.count - 1] / 1e6);
		}

		private static double millis(long[] sorted, double quantile) {
			return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
		}

	}

}
