package dev.ratelimit.cluster;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.resilience.BreakerState;
import dev.ratelimit.resilience.Breakers;
import dev.ratelimit.resilience.FailSafeRateLimiter;
import dev.ratelimit.resilience.PartitionBreakers;
import dev.ratelimit.resilience.TestGuards;
import dev.ratelimit.testsupport.ClusterNode;
import dev.ratelimit.testsupport.RedisCluster;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real Redis Cluster whose master is frozen and replaced by its replica, the frozen
 * master's open breaker goes with it: the limiter's state is healthy again once the
 * promoted replica decides the keys, not degraded for as long as the process lives.
 */
class DepartedMasterClusterTests {

	private static final Tier TIER = TestTiers.of("t", List.of(LimitSpec.of("per-hour", 100, Duration.ofHours(1))),
			FailurePolicy.LOCAL);

	private final RedisCluster cluster = RedisCluster.start(3, 1);

	private final LettuceConnectionFactory factory = refreshing(this.cluster);

	private final RedisRateLimiter store = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofMillis(200)),
			new RedisKeys("rl:"));

	private final CircuitBreakerConfig config = Breakers.config(50, 4, 2, Duration.ofMinutes(5), 0, 2);

	private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(this.config);

	private final PartitionBreakers breakers = PartitionBreakers.of(this.registry, this.config, "ratelimit-redis");

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(this.store, this.breakers,
			TestGuards.fallback(1), RateLimitObserver.NONE, new DenyCache(MicrosClock.monotonic(), 1000),
			new TokenLeases(MicrosClock.monotonic(), 1000), Runnable::run);

	private RedisEndpoint frozen;

	/**
	 * A factory whose client refreshes its view of the topology, as a deployment on Redis
	 * Cluster configures it ({@code spring.data.redis.lettuce.cluster.refresh.*} and
	 * {@code spring.data.redis.timeout}).
	 */
	private static LettuceConnectionFactory refreshing(RedisCluster cluster) {
		ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
			.enablePeriodicRefresh(Duration.ofMillis(200))
			.enableAllAdaptiveRefreshTriggers()
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh).build())
			// a refresh waits for the frozen master's reply up to the command timeout
			.commandTimeout(Duration.ofSeconds(1))
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisClusterConfiguration(cluster.seedNodes()), client);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@AfterEach
	void tearDown() {
		if (this.frozen != null) {
			this.cluster.resume(this.frozen);
		}
		this.factory.destroy();
		this.cluster.close();
	}

	@Test
	void theBreakerOfAMasterAFailoverReplacedIsNoLongerReported() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.limiter.decide("t:client", TIER, 1).source() == Verdict.Source.PRIMARY);
		String departed = this.store.partition("t:client");
		ClusterNode master = node(departed);
		ClusterNode replica = this.cluster.topology()
			.stream()
			.filter((node) -> departed.equals(node.masterId()))
			.findFirst()
			.orElseThrow();
		this.frozen = master.endpoint();
		this.cluster.pause(this.frozen);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.limiter.decide("t:client", TIER, 1).source() == Verdict.Source.LOCAL_FALLBACK
					&& this.breakers.breaker(departed).getState() == CircuitBreaker.State.OPEN);
		assertThat(new BreakerState(this.breakers).circuit()).isEqualTo(BackendState.Circuit.OPEN);
		RedisCommands.call(replica.endpoint(), "CLUSTER", "FAILOVER", "TAKEOVER");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.limiter.decide("t:client", TIER, 1).source() == Verdict.Source.PRIMARY);
		assertThat(this.store.partition("t:client")).isEqualTo(replica.id());
		assertThat(this.breakers.all()).doesNotContainKey(departed);
		assertThat(this.registry.find("ratelimit-redis@" + departed)).isEmpty();
		assertThat(new BreakerState(this.breakers).circuit()).isEqualTo(BackendState.Circuit.CLOSED);
	}

	private ClusterNode node(String id) {
		return this.cluster.topology().stream().filter((node) -> node.id().equals(id)).findFirst().orElseThrow();
	}

}
