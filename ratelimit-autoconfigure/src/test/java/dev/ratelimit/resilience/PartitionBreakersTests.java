package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.metrics.CircuitBreakerStateMetrics;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Two real Redis processes as two partitions of one store, a key's prefix naming its
 * partition: freezing one opens only its own breaker, and the other's keys keep deciding
 * on Redis.
 */
class PartitionBreakersTests {

	private static final Tier TIER = TestTiers.of("t", List.of(LimitSpec.of("per-hour", 100, Duration.ofHours(1))),
			FailurePolicy.LOCAL);

	private final RedisProcess redisA = RedisProcess.start();

	private final RedisProcess redisB = RedisProcess.start();

	private final LettuceConnectionFactory factoryA = LettuceFactories.started(this.redisA.endpoint(),
			Duration.ofMillis(500));

	private final LettuceConnectionFactory factoryB = LettuceFactories.started(this.redisB.endpoint(),
			Duration.ofMillis(500));

	private final CircuitBreakerConfig config = Breakers.config(50, 10, 5, Duration.ofMinutes(5), 0, 2);

	private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(this.config);

	private final PartitionBreakers breakers = PartitionBreakers.of(this.registry, this.config, "ratelimit-redis");

	private final RedisRateLimiter storeA = limiter(this.factoryA);

	private final RedisRateLimiter storeB = limiter(this.factoryB);

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(new ByPrefix(this.storeA, this.storeB),
			this.breakers, TestGuards.fallback(1), RateLimitObserver.NONE, new DenyCache(MicrosClock.monotonic(), 1000),
			new TokenLeases(MicrosClock.monotonic(), 1000), Runnable::run);

	private static RedisRateLimiter limiter(LettuceConnectionFactory factory) {
		return new RedisRateLimiter(new ScriptRunner(factory, Duration.ofMillis(200)), new RedisKeys("rl:"));
	}

	@AfterEach
	void tearDown() {
		this.redisB.resume();
		this.factoryA.destroy();
		this.factoryB.destroy();
		this.redisA.close();
		this.redisB.close();
	}

	@Test
	void aFrozenPartitionOpensOnlyItsOwnBreaker() {
		// connected and the script loaded on both, before any breaker counts
		for (RedisRateLimiter store : List.of(this.storeA, this.storeB)) {
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
				store.decide("warm", TIER.limits(), 1);
				return true;
			});
		}
		this.redisB.pause();
		for (int i = 0; i < 10; i++) {
			assertThat(this.limiter.decide("b:client", TIER, 1).source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			assertThat(this.limiter.decide("a:client", TIER, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		}
		CircuitBreaker a = this.registry.circuitBreaker("ratelimit-redis@a");
		CircuitBreaker b = this.registry.circuitBreaker("ratelimit-redis@b");
		assertThat(b.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(a.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(a.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(
				this.registry.getAllCircuitBreakers().stream().map(CircuitBreaker::getName).collect(Collectors.toSet()))
			.isEqualTo(Set.of("ratelimit-redis@a", "ratelimit-redis@b"));
		// health and metrics report the worst partition, the endpoint and a gauge each
		BreakerState state = new BreakerState(this.breakers);
		assertThat(state.circuit()).isEqualTo(BackendState.Circuit.OPEN);
		assertThat(state.partitions()).containsExactly(entry("a", BackendState.Circuit.CLOSED),
				entry("b", BackendState.Circuit.OPEN));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		new CircuitBreakerStateMetrics(state).bindTo(meters);
		assertThat(meters.get(CircuitBreakerStateMetrics.OPEN_PARTITIONS).gauge().value()).isEqualTo(1);
	}

	/**
	 * Routes each key to the store its prefix names, {@code a:} or {@code b:}.
	 */
	private record ByPrefix(RateLimiter a, RateLimiter b) implements RateLimiter {

		@Override
		public String partition(String key) {
			return key.startsWith("a:") ? "a" : "b";
		}

		@Override
		public Set<String> partitions() {
			return Set.of("a", "b");
		}

		@Override
		public Decision evaluate(DecisionRequest request) {
			return partition(request.key()).equals("a") ? this.a.evaluate(request) : this.b.evaluate(request);
		}

	}

}
