package dev.ratelimit.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.resilience.Breakers;
import dev.ratelimit.resilience.FailSafeRateLimiter;
import dev.ratelimit.resilience.TestGuards;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guard's non-blocking path on a real Redis Cluster of three masters: each decision
 * goes to the master owning its client's slot, and a frozen master fails only its own
 * clients' decisions within the budget.
 */
class AsyncClusterTests {

	private static final Tier TIER = TestTiers.of("async", List.of(LimitSpec.of("burst", 1, Duration.ofHours(1), 5)),
			FailurePolicy.FAIL_CLOSED);

	private static RedisCluster cluster;

	private static LettuceConnectionFactory factory;

	private static FailSafeRateLimiter limiter;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start(3);
		factory = ClusterConnections.started(cluster);
		ScriptRunner runner = new ScriptRunner(factory, Duration.ofMillis(200));
		byte[][] keys = { "warm-up".getBytes(StandardCharsets.UTF_8) };
		await().atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> runner.runAsync(RedisRateLimiter.RESET, keys).toCompletableFuture().get() != null);
		limiter = TestGuards.guard(new RedisRateLimiter(runner, new RedisKeys("rl-async:")),
				Breakers.create("async", 50, 10, 5, Duration.ofMinutes(5), 0, 2), TestGuards.fallback(1),
				RateLimitObserver.NONE);
	}

	@AfterAll
	static void stopCluster() {
		factory.destroy();
		cluster.close();
	}

	private static CompletableFuture<List<Verdict>> decide(String client) {
		return limiter.decideAllAsync(List.of(new ClientCharge(client, TIER, 1))).toCompletableFuture();
	}

	private static Verdict awaited(CompletableFuture<List<Verdict>> pending) throws Exception {
		return pending.get(10, TimeUnit.SECONDS).get(0);
	}

	@Test
	void everyMasterAdmitsExactlyTheBurstOfItsClients() throws Exception {
		for (RedisEndpoint master : cluster.masters()) {
			String client = ClusterInspection.clientOn(cluster, master, "burst");
			int admitted = 0;
			for (int i = 0; i < 8; i++) {
				Verdict verdict = awaited(decide(client));
				assertThat(verdict.source()).isEqualTo(Verdict.Source.PRIMARY);
				admitted += verdict.decision().allowed() ? 1 : 0;
			}
			assertThat(admitted).as("admitted on %s", master).isEqualTo(5);
			assertThat(ClusterInspection.keys(master, "rl-async:{" + client + "}:*")).hasSize(1);
		}
	}

	@Test
	void aFrozenMasterFailsOnlyItsOwnClients() throws Exception {
		RedisEndpoint frozen = cluster.masters().get(0);
		RedisEndpoint healthy = cluster.masters().get(1);
		String stuck = ClusterInspection.clientOn(cluster, frozen, "frozen");
		String served = ClusterInspection.clientOn(cluster, healthy, "served");
		assertThat(awaited(decide(stuck)).source()).isEqualTo(Verdict.Source.PRIMARY);
		cluster.pause(frozen);
		try {
			CompletableFuture<List<Verdict>> pending = decide(stuck);
			assertThat(pending).isNotDone();
			assertThat(awaited(decide(served)).source()).isEqualTo(Verdict.Source.PRIMARY);
			assertThat(awaited(pending).source()).isEqualTo(Verdict.Source.FAIL_CLOSED);
		}
		finally {
			cluster.resume(frozen);
		}
	}

}
