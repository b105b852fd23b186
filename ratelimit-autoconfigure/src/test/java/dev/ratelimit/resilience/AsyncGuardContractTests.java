package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.RateLimiterContractTests;
import dev.ratelimit.core.Refunder;
import dev.ratelimit.core.Stages;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.DriverInjectedClockScripts;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.TestRedis;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The shared contract through {@link FailSafeRateLimiter#decideAllAsync}: each decision
 * is one request of a fail-closed tier of the contract's limits, asked on Lettuce without
 * a waiting thread, and must be the store's.
 */
class AsyncGuardContractTests extends RateLimiterContractTests {

	// one factory for the class's tests, closed with the test JVM
	private static final LettuceConnectionFactory FACTORY = LettuceFactories.started(TestRedis.shared());

	@Override
	protected RateLimiter createLimiter(MicrosClock clock) {
		RedisRateLimiter store = new RedisRateLimiter(
				new DriverInjectedClockScripts(new ScriptRunner(FACTORY, Duration.ofSeconds(5)), clock),
				new RedisKeys("rl-async-guard:"), clock);
		FailSafeRateLimiter guard = TestGuards.guard(store,
				Breakers.create("contract", 50, 10, 5, Duration.ofMinutes(1), 0, 1), TestGuards.fallback(1),
				RateLimitObserver.NONE);
		return new GuardedAsync(guard, store);
	}

	/**
	 * Decides through the guard's non-blocking path; reads, leases, resets and refunds go
	 * to the store, which the contract checks elsewhere.
	 */
	private record GuardedAsync(FailSafeRateLimiter guard, RedisRateLimiter store) implements RateLimiter, Refunder {

		@Override
		public Decision evaluate(DecisionRequest request) {
			Tier tier = TestTiers.of("contract", request.limits(), FailurePolicy.FAIL_CLOSED);
			Verdict verdict = Stages
				.join(this.guard.decideAllAsync(List.of(new ClientCharge(request.key(), tier, request.cost()))))
				.get(0);
			if (verdict == null || verdict.source() != Verdict.Source.PRIMARY || verdict.decision() == null) {
				throw new AssertionError("Not decided by the store: " + verdict);
			}
			return verdict.decision();
		}

		@Override
		public LeaseGrant evaluateLease(DecisionRequest request, long size) {
			return Stages.join(this.store.evaluateLeaseAsync(request, size));
		}

		@Override
		public Decision peek(String key, List<LimitSpec> limits) {
			return this.store.peek(key, limits);
		}

		@Override
		public void reset(String key, List<LimitSpec> limits) {
			this.store.reset(key, limits);
		}

		@Override
		public Decision refund(DecisionRequest request, Decision charged, Duration since) {
			return this.store.refund(request, charged, since);
		}

	}

}
