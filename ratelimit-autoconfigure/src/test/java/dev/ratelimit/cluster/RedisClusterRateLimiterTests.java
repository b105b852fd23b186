package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.redis.RedisFleetRegistry;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path against a real Redis Cluster of three masters, connected as
 * {@code spring.data.redis.cluster.nodes} connects: every decision routed to the master
 * owning its client's hash slot.
 */
class RedisClusterRateLimiterTests {

	private static final String SHA = RedisRateLimiter.LIMITS.sha1();

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
	void twoHundredParallelAcquisitionsAdmitExactlyTheBurstOfFiftyOnEveryMaster() throws Exception {
		LimitSpec limit = LimitSpec.of("burst", 1, Duration.ofHours(1), 50);
		for (RedisEndpoint master : cluster.masters()) {
			String client = ClusterInspection.clientOn(cluster, master, "parallel");
			assertThat(ParallelRequests.admitted(limiter, client, limit, 200)).as("admitted on %s", master)
				.isEqualTo(50);
			assertThat(ClusterInspection.keys(master, "rl:{" + client + "}:*")).hasSize(1);
		}
	}

	@Test
	void theFleetCountsItsNodesInOneKeyOfOneSlot() {
		ScriptRunner runner = new ScriptRunner(factory, Duration.ofSeconds(2));
		RedisFleetRegistry fleet = new RedisFleetRegistry(runner, "rl:");
		Duration ttl = Duration.ofMinutes(1);
		assertThat(fleet.beat("node-a", ttl)).isEqualTo(1);
		assertThat(fleet.beat("node-b", ttl)).isEqualTo(2);
		assertThat(fleet.beat("node-c", ttl)).isEqualTo(3);
		assertThat(fleet.beat("node-a", ttl)).isEqualTo(3);
		fleet.leave("node-b");
		assertThat(fleet.beat("node-c", ttl)).isEqualTo(2);
		long keys = cluster.masters()
			.stream()
			.mapToLong((master) -> ClusterInspection.keys(master, "rl:{fleet}*").size())
			.sum();
		assertThat(keys).isEqualTo(1);
	}

	@Test
	void requestDeniedByOneLimitConsumesNothingFromTheOther() {
		for (RedisEndpoint master : cluster.masters()) {
			String client = ClusterInspection.clientOn(cluster, master, "compound");
			AllOrNothingCheck.assertDeniedRequestsConsumeNothing(limiter, client);
			// both keys in one slot on one master: the script never saw CROSSSLOT
			assertThat(ClusterInspection.keys(master, "rl:{" + client + "}:*")).hasSize(2);
		}
	}

	@Test
	void keysAreNamedPrefixHashTagAndLimitAndShareTheSlotOfTheirTag() {
		List<LimitSpec> limits = List.of(AllOrNothingCheck.PER_SECOND, AllOrNothingCheck.PER_DAY);
		limiter.decide("free:naming", limits, 1);
		RedisEndpoint master = cluster.masterOf("{free:naming}");
		assertThat(ClusterInspection.keys(master, "rl:{free:naming}:*"))
			.containsExactlyInAnyOrder("rl:{free:naming}:per-second", "rl:{free:naming}:per-day");
		assertThat(cluster.slotOf("rl:{free:naming}:per-second")).isEqualTo(cluster.slotOf("free:naming"))
			.isEqualTo(cluster.slotOf("rl:{free:naming}:per-day"));
	}

	@Test
	void everyAlgorithmDecidesTogetherInTheClientsSlot() {
		List<LimitSpec> limits = List.of(LimitSpec.of("bucket", 10, Duration.ofMinutes(1)),
				LimitSpec.of("gcra", 10, Duration.ofMinutes(1), Algorithm.GCRA),
				LimitSpec.of("window", 10, Duration.ofMinutes(1), Algorithm.FIXED_WINDOW),
				LimitSpec.of("log", 2, Duration.ofMinutes(1), Algorithm.SLIDING_WINDOW_LOG));
		RedisEndpoint master = cluster.masters().get(1);
		String client = ClusterInspection.clientOn(cluster, master, "algorithms");
		assertThat(limiter.decide(client, limits, 1).allowed()).isTrue();
		assertThat(limiter.decide(client, limits, 1).allowed()).isTrue();
		Decision denied = limiter.decide(client, limits, 1);
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.deciding().spec().name()).isEqualTo("log");
		assertThat(denied.outcomes()).extracting((outcome) -> outcome.remaining()).containsExactly(8L, 8L, 8L, 0L);
		assertThat(ClusterInspection.keys(master, "rl:{" + client + "}:*")).hasSize(4);
	}

	@Test
	void keysOfAThousandClientsSpreadOverAllThreeMasters() {
		// a key lives as long as its bucket takes to refill: a day's limit outlives the
		// test
		LimitSpec limit = LimitSpec.of("per-day", 100, Duration.ofDays(1));
		RedisRateLimiter spread = ClusterConnections.limiter(factory, "spread:");
		for (String client : ClusterLoad.clients("203.0.113.", 1000)) {
			assertThat(spread.decide(client, List.of(limit), 1).allowed()).isTrue();
		}
		List<Integer> perMaster = cluster.masters()
			.stream()
			.map((master) -> ClusterInspection.keys(master, "spread:*").size())
			.toList();
		assertThat(perMaster.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
		assertThat(perMaster).allSatisfy((count) -> assertThat(count).isBetween(1, 400));
	}

	@Test
	void scriptLoadsOnEachMasterAsItsFirstKeyIsDecided() {
		LimitSpec limit = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));
		flushScriptsAndResetStats();
		for (RedisEndpoint master : cluster.masters()) {
			assertThat(RedisCommands.call(master, "SCRIPT", "EXISTS", SHA)).isEqualTo(List.of(0L));
			String client = ClusterInspection.clientOn(cluster, master, "first-use");
			assertThat(limiter.decide(client, List.of(limit), 1).remaining()).isEqualTo(9);
			assertThat(limiter.decide(client, List.of(limit), 1).remaining()).isEqualTo(8);
			assertThat(RedisCommands.call(master, "SCRIPT", "EXISTS", SHA)).isEqualTo(List.of(1L));
			// NOSCRIPT once, answered by one EVAL; the second decision hits the cache
			assertThat(ClusterInspection.calls(master, "eval")).isEqualTo(1);
			assertThat(ClusterInspection.calls(master, "evalsha")).isEqualTo(2);
		}
	}

	@Test
	void flushingOneMastersScriptCacheLeavesTheOthersAlone() {
		LimitSpec limit = LimitSpec.of("per-minute", 10, Duration.ofMinutes(1));
		List<String> clients = cluster.masters()
			.stream()
			.map((master) -> ClusterInspection.clientOn(cluster, master, "flush-one"))
			.toList();
		clients.forEach((client) -> limiter.decide(client, List.of(limit), 1));
		ClusterInspection.resetStats(cluster.masters());
		RedisEndpoint flushed = cluster.masters().get(2);
		RedisCommands.call(flushed, "SCRIPT", "FLUSH");
		for (String client : clients) {
			assertThat(limiter.decide(client, List.of(limit), 1).remaining()).isEqualTo(8);
		}
		for (RedisEndpoint master : cluster.masters()) {
			assertThat(ClusterInspection.calls(master, "eval")).as("EVAL on %s", master)
				.isEqualTo(master.equals(flushed) ? 1 : 0);
			assertThat(RedisCommands.call(master, "SCRIPT", "EXISTS", SHA)).isEqualTo(List.of(1L));
		}
	}

	@Test
	void flushingScriptCachesMidLoadCausesNoErrorsAndKeepsCountsExact() throws Exception {
		LimitSpec limit = LimitSpec.of("burst", 1, Duration.ofHours(1), 50);
		List<String> clients = cluster.masters()
			.stream()
			.map((master) -> ClusterInspection.clientOn(cluster, master, "flush-load"))
			.toList();
		ClusterInspection.resetStats(cluster.masters());
		AtomicBoolean loading = new AtomicBoolean(true);
		AtomicInteger flushes = new AtomicInteger();
		Thread flusher = new Thread(() -> {
			while (loading.get()) {
				cluster.masters().forEach((master) -> RedisCommands.call(master, "SCRIPT", "FLUSH"));
				flushes.incrementAndGet();
			}
		});
		flusher.start();
		Map<String, Integer> admitted = new TreeMap<>();
		try {
			for (String client : clients) {
				admitted.put(client, ParallelRequests.admitted(limiter, client, limit, 200));
			}
		}
		finally {
			loading.set(false);
			flusher.join();
		}
		long evals = cluster.masters().stream().mapToLong((master) -> ClusterInspection.calls(master, "eval")).sum();
		assertThat(flushes).hasPositiveValue();
		assertThat(admitted.values()).containsOnly(50);
		assertThat(evals).isPositive();
	}

	private static void flushScriptsAndResetStats() {
		cluster.masters().forEach((master) -> RedisCommands.call(master, "SCRIPT", "FLUSH"));
		ClusterInspection.resetStats(cluster.masters());
	}

}
