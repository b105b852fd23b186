package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.ClusterNode;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead shard is the shard's problem: on a three-master cluster with one master frozen
 * ({@code SIGSTOP}), decisions for its keys fail within the budget while the other
 * masters keep deciding, and the frozen master's keys decide on Redis again once it
 * resumes. The busy timeout is a minute here: a call judged by the healthy masters'
 * replies would wait that long.
 */
class FrozenMasterClusterTests {

	private static final LimitSpec FIVE = LimitSpec.of("five", 1, Duration.ofHours(1), 5);

	private static RedisCluster cluster;

	private static LettuceConnectionFactory factory;

	private static ScriptRunner runner;

	private static RedisRateLimiter limiter;

	@BeforeAll
	static void startCluster() {
		cluster = RedisCluster.start(3);
		cluster.serveWithoutFullCoverage();
		factory = ClusterConnections.started(cluster);
		runner = new ScriptRunner(factory, Duration.ofMillis(100), Duration.ofMinutes(1));
		runner.start();
		limiter = new RedisRateLimiter(runner, new RedisKeys("rl:"));
	}

	@AfterAll
	static void stopCluster() {
		runner.stop();
		factory.destroy();
		cluster.close();
	}

	@Test
	void partitionIsTheIdOfTheMasterOwningTheKeysSlot() {
		limiter.decide("warm", List.of(FIVE), 1);
		for (ClusterNode master : cluster.topology().stream().filter(ClusterNode::isMaster).toList()) {
			String client = ClusterInspection.clientOn(cluster, master.endpoint(), "partition");
			assertThat(limiter.partition(client)).isEqualTo(master.id());
		}
		Set<String> partitions = cluster.masters()
			.stream()
			.map((master) -> limiter.partition(ClusterInspection.clientOn(cluster, master, "distinct")))
			.collect(Collectors.toSet());
		assertThat(partitions).hasSize(3);
	}

	@Test
	void keysOfAFrozenMasterFailWithinTheBudgetWhileTheOtherMastersKeepDeciding() throws Exception {
		RedisEndpoint frozen = cluster.masters().get(2);
		List<String> healthy = cluster.masters()
			.subList(0, 2)
			.stream()
			.map((master) -> ClusterInspection.clientOn(cluster, master, "healthy"))
			.toList();
		String stalled = ClusterInspection.clientOn(cluster, frozen, "stalled");
		limiter.decide(stalled, List.of(FIVE), 1);
		cluster.pause(frozen);
		AtomicBoolean traffic = new AtomicBoolean(true);
		AtomicInteger healthyFailures = new AtomicInteger();
		CompletableFuture<Void> background = CompletableFuture.runAsync(() -> {
			while (traffic.get()) {
				healthy.forEach((client) -> {
					try {
						limiter.peek(client, List.of(FIVE));
					}
					catch (RateLimitBackendException ex) {
						healthyFailures.incrementAndGet();
					}
				});
			}
		});
		try {
			// within the minute of the busy timeout by far, healthy replies flowing all
			// along
			CompletableFuture<Throwable> stalledCall = CompletableFuture.supplyAsync(() -> {
				try {
					limiter.decide(stalled, List.of(FIVE), 1);
					return null;
				}
				catch (RuntimeException ex) {
					return ex;
				}
			});
			assertThat(stalledCall.get(20, TimeUnit.SECONDS)).isInstanceOf(RateLimitBackendException.class);
			for (String client : healthy) {
				int admitted = 0;
				for (int i = 0; i < 8; i++) {
					admitted += limiter.decide(client, List.of(FIVE), 1).allowed() ? 1 : 0;
				}
				assertThat(admitted).as("admitted by Redis for %s", client).isEqualTo(5);
			}
			assertThat(healthyFailures).hasValue(0);
		}
		finally {
			traffic.set(false);
			cluster.resume(frozen);
			background.get(20, TimeUnit.SECONDS);
		}
		String returned = ClusterInspection.clientOn(cluster, frozen, "returned");
		await().atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(RateLimitBackendException.class).until(() -> {
			limiter.peek(returned, List.of(FIVE));
			return true;
		});
		int admitted = 0;
		for (int i = 0; i < 8; i++) {
			admitted += limiter.decide(returned, List.of(FIVE), 1).allowed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(5);
	}

}
