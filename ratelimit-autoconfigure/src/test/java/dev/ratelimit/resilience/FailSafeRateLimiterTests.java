package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection against a real {@code redis-server} process of the test's own: stopped,
 * hung with SIGSTOP, and restarted empty.
 */
class FailSafeRateLimiterTests {

	private static final Duration BUDGET = Duration.ofMillis(100);

	/**
	 * Scheduling slack: a 2-core CI machine running this suite can stall a thread for
	 * hundreds of milliseconds; a hang would show as seconds (Lettuce's default command
	 * timeout is 60 s).
	 */
	private static final Duration MARGIN = Duration.ofMillis(900);

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 6, Duration.ofHours(1)));

	private OwnRedisStack stack;

	@BeforeEach
	void setUp() {
		this.stack = new OwnRedisStack(Breakers.create("test", 50, 10, 5, Duration.ofMillis(300), 0.5, 2), BUDGET);
	}

	@AfterEach
	void tearDown() {
		this.stack.close();
	}

	private static Tier tier(FailurePolicy policy) {
		return TestTiers.of(policy.id(), LIMITS, policy);
	}

	@Test
	void redisStoppedEachPolicyAnswersWithinTheBudget() {
		assertThat(this.stack.limiter.decide("k", tier(FailurePolicy.FAIL_OPEN), 1).source())
			.isEqualTo(Verdict.Source.PRIMARY);
		this.stack.redis.close();
		for (FailurePolicy policy : FailurePolicy.values()) {
			long start = System.nanoTime();
			Verdict verdict = this.stack.limiter.decide("k", tier(policy), 1);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(took).isLessThan(BUDGET.plus(MARGIN));
			assertThat(verdict.source()).isEqualTo(switch (policy) {
				case FAIL_OPEN -> Verdict.Source.FAIL_OPEN;
				case FAIL_CLOSED -> Verdict.Source.FAIL_CLOSED;
				case LOCAL -> Verdict.Source.LOCAL_FALLBACK;
			});
		}
	}

	@Test
	void localFallbackEnforcesThisNodesShare() {
		this.stack.redis.close();
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			if (this.stack.limiter.decide("k", tier(FailurePolicy.LOCAL), 1).decision().allowed()) {
				admitted++;
			}
		}
		// 6 per hour shared by 3 expected nodes: this node admits 2
		assertThat(admitted).isEqualTo(2);
	}

	@Test
	@Tag("measurement")
	void decisionLatencyWithRedisUpIsPrinted() {
		long[] nanos = new long[5_000];
		int primary = 0;
		for (int i = 0; i < nanos.length; i++) {
			long start = System.nanoTime();
			if (this.stack.limiter.decide("k" + (i % 100), tier(FailurePolicy.FAIL_OPEN), 1)
				.source() == Verdict.Source.PRIMARY) {
				primary++;
			}
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		System.out.printf("Redis up: p50 %.1f us, p99 %.1f us, %d of %d decided by Redis within %s%n",
				nanos[nanos.length / 2] / 1e3, nanos[nanos.length * 99 / 100] / 1e3, primary, nanos.length, BUDGET);
		assertThat(primary).isGreaterThan(nanos.length / 2);
	}

	@Test
	void clientsDecidedTogetherFallBackLocallyAllOrNothing() {
		// this node's share of 3 nodes: 2 of 6 for the address, 1 of 3 for the account
		Tier address = TestTiers.of("address", List.of(LimitSpec.of("attempts", 6, Duration.ofHours(1))),
				FailurePolicy.LOCAL);
		Tier account = TestTiers.of("account", List.of(LimitSpec.of("attempts", 3, Duration.ofHours(1))),
				FailurePolicy.LOCAL);
		List<ClientCharge> parts = List.of(new ClientCharge("a", address, 1), new ClientCharge("b", account, 1));
		this.stack.redis.close();
		List<Verdict> admitted = this.stack.limiter.decideAll(parts);
		assertThat(admitted).extracting(Verdict::source)
			.containsExactly(Verdict.Source.LOCAL_FALLBACK, Verdict.Source.LOCAL_FALLBACK);
		assertThat(admitted).allMatch((verdict) -> verdict.decision().allowed());
		List<Verdict> denied = this.stack.limiter.decideAll(parts);
		// the account denied; the address fitted but was charged nothing
		assertThat(denied.get(0).source()).isEqualTo(Verdict.Source.NOT_CHARGED);
		assertThat(denied.get(0).decision().remaining()).isEqualTo(1);
		assertThat(denied.get(1).decision().allowed()).isFalse();
		assertThat(this.stack.limiter.decide("a", address, 1).decision().allowed()).isTrue();
		assertThat(this.stack.limiter.decide("a", address, 1).decision().allowed()).isFalse();
	}

	@Test
	void openBreakerDecidesWithoutRedis() {
		java.util.concurrent.atomic.AtomicInteger backendCalls = new java.util.concurrent.atomic.AtomicInteger();
		RateLimitObserver counting = new RateLimitObserver() {
			@Override
			public void backendCall(Duration latency, boolean success) {
				backendCalls.incrementAndGet();
			}
		};
		CircuitBreaker longWait = Breakers.create("long", 50, 10, 5, Duration.ofMinutes(5), 0.5, 2);
		FailSafeRateLimiter limiter = TestGuards.guard(
				new RedisRateLimiter(new ScriptRunner(this.stack.factory, BUDGET), new RedisKeys("rl:")), longWait,
				TestGuards.fallback(3), counting);
		this.stack.redis.close();
		for (int i = 0; i < 5; i++) {
			limiter.decide("k", tier(FailurePolicy.FAIL_OPEN), 1);
		}
		assertThat(longWait.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		for (int i = 0; i < 2_000; i++) {
			limiter.decide("k" + (i % 100), tier(FailurePolicy.LOCAL), 1);
		}
		assertThat(backendCalls).hasValue(5);
	}

	@Test
	@Tag("measurement")
	void decisionLatencyWithTheBreakerOpenIsPrinted() {
		CircuitBreaker longWait = Breakers.create("long", 50, 10, 5, Duration.ofMinutes(5), 0.5, 2);
		FailSafeRateLimiter limiter = TestGuards.guard(
				new RedisRateLimiter(new ScriptRunner(this.stack.factory, BUDGET), new RedisKeys("rl:")), longWait,
				TestGuards.fallback(3), RateLimitObserver.NONE);
		longWait.transitionToOpenState();
		long[] nanos = new long[20_000];
		for (int i = 0; i < nanos.length; i++) {
			long start = System.nanoTime();
			limiter.decide("k" + (i % 100), tier(FailurePolicy.LOCAL), 1);
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		System.out.printf("Breaker open, local fallback: p50 %.1f us, p99 %.1f us%n", nanos[nanos.length / 2] / 1e3,
				nanos[nanos.length * 99 / 100] / 1e3);
	}

	@Test
	void hungRedisNeverHoldsARequestBeyondTheBudgetAndRecovers() {
		assertThat(this.stack.limiter.decide("k", tier(FailurePolicy.FAIL_CLOSED), 1).source())
			.isEqualTo(Verdict.Source.PRIMARY);
		this.stack.redis.pause();
		Duration longest = Duration.ZERO;
		for (int i = 0; i < 8; i++) {
			long start = System.nanoTime();
			assertThat(this.stack.limiter.decide("k", tier(FailurePolicy.FAIL_CLOSED), 1).source())
				.isEqualTo(Verdict.Source.FAIL_CLOSED);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			longest = (took.compareTo(longest) > 0) ? took : longest;
		}
		assertThat(longest).isLessThan(BUDGET.plus(MARGIN));
		assertThat(this.stack.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		this.stack.redis.resume();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.stack.limiter.decide("recovered", tier(FailurePolicy.FAIL_CLOSED), 1)
				.source() == Verdict.Source.PRIMARY);
	}

	@Test
	void restartedRedisWithoutScriptsOrKeysIsUsedAgain() {
		int port = this.stack.redis.endpoint().port();
		assertThat(this.stack.limiter.decide("k", tier(FailurePolicy.FAIL_CLOSED), 1).decision().remaining())
			.isEqualTo(5);
		this.stack.redis.close();
		assertThat(this.stack.limiter.decide("k", tier(FailurePolicy.FAIL_CLOSED), 1).source())
			.isEqualTo(Verdict.Source.FAIL_CLOSED);
		this.stack.redis = RedisProcess.start(port);
		assertThat(RedisCommands.call(this.stack.redis.endpoint(), "SCRIPT", "EXISTS", RedisRateLimiter.LIMITS.sha1()))
			.isEqualTo(List.of(0L));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.stack.limiter.decide("probe", tier(FailurePolicy.FAIL_CLOSED), 1)
				.source() == Verdict.Source.PRIMARY);
		Verdict verdict = this.stack.limiter.decide("k", tier(FailurePolicy.FAIL_CLOSED), 1);
		assertThat(verdict.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(verdict.decision().remaining()).isEqualTo(5);
	}

	@Test
	void openStateWaitsAreRandomizedSoNodesDoNotReturnTogether() {
		CircuitBreaker one = Breakers.create("one", 50, 10, 5, Duration.ofSeconds(10), 0.5, 2);
		long[] waits = new long[200];
		for (int i = 0; i < waits.length; i++) {
			waits[i] = one.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
		}
		Arrays.sort(waits);
		assertThat(waits[0]).isBetween(5_000L, 8_000L);
		assertThat(waits[waits.length - 1]).isBetween(12_000L, 15_000L);
		assertThat(Arrays.stream(waits).distinct().count()).isGreaterThan(150);
	}

}
