package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Settler;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Units admitted while a partition was away are settled by whichever partition decides
 * the key when the store answers again: a Cluster failover promotes a replica under a new
 * node id. The store is a real Redis of the test's own, frozen with SIGSTOP; only the
 * partition's name changes, as Redis Cluster names the promoted replica.
 */
class SettlementAfterFailoverTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 10, Duration.ofHours(1)));

	private static final Tier TIER = TestTiers.of("t", LIMITS, FailurePolicy.LOCAL);

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final RedisRateLimiter shared = new RedisRateLimiter(new ScriptRunner(this.factory, Duration.ofMillis(100)),
			new RedisKeys("rl:"));

	private final RenamedMaster store = new RenamedMaster(this.shared);

	private final PartitionBreakers breakers = PartitionBreakers.of(CircuitBreakerRegistry.ofDefaults(),
			Breakers.config(50, 10, 5, Duration.ofMinutes(5), 0, 2), "failover");

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(this.store, this.breakers,
			new LocalFallback(MicrosClock.system(), 1000, Fleet.of(1)), RateLimitObserver.NONE,
			new DenyCache(MicrosClock.monotonic(), 1000), new TokenLeases(MicrosClock.monotonic(), 1000),
			Runnable::run);

	@AfterEach
	void tearDown() {
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void whatTheFallbackAdmittedIsSettledByThePromotedReplica() {
		// connected and the script loaded, before the breaker counts
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			this.shared.decide("t:warm", LIMITS, 1);
			return true;
		});
		assertThat(this.limiter.decide("t:warm", TIER, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		for (int i = 0; i < 2; i++) {
			assertThat(this.limiter.decide("t:client", TIER, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		}
		this.redis.pause();
		int local = 0;
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.limiter.decide("t:other", TIER, 1) != null
						&& this.breakers.breaker("node-a").getState() == CircuitBreaker.State.OPEN);
			for (int i = 0; i < 12; i++) {
				Verdict verdict = this.limiter.decide("t:client", TIER, 1);
				assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
				local += verdict.decision().allowed() ? 1 : 0;
			}
		}
		finally {
			this.store.name = "node-b";
			this.redis.resume();
		}
		assertThat(local).isEqualTo(8);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.limiter.decide("t:warm", TIER, 1).source() == Verdict.Source.PRIMARY);
		// the 8 owed under node-a are charged through node-b: the client has nothing left
		assertThat(this.shared.peek("t:client", LIMITS).remaining()).isZero();
		Verdict after = this.limiter.decide("t:client", TIER, 1);
		assertThat(after.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(after.decision().allowed()).isFalse();
	}

	/**
	 * The real Redis limiter, under a master name that a failover changes.
	 */
	private static final class RenamedMaster implements RateLimiter, Settler {

		private final RedisRateLimiter redis;

		private volatile String name = "node-a";

		RenamedMaster(RedisRateLimiter redis) {
			this.redis = redis;
		}

		@Override
		public Decision evaluate(DecisionRequest request) {
			return this.redis.evaluate(request);
		}

		@Override
		public Decision settle(DecisionRequest request) {
			return this.redis.settle(request);
		}

		@Override
		public Decision peek(String key, List<LimitSpec> limits) {
			return this.redis.peek(key, limits);
		}

		@Override
		public String partition(String key) {
			return this.name;
		}

		@Override
		public Set<String> partitions() {
			return Set.of(this.name);
		}

	}

}
