package dev.ratelimit.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimitObserver;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Decisions started on a Reactor non-blocking thread never block it, nor the threads that
 * finish them (Lettuce's event loop, the JDK's delay scheduler keeping the budget),
 * whatever the store's state: healthy, slow, frozen past the budget, killed, or behind an
 * open breaker. BlockHound reports every blocking call on those threads, also those a
 * callback would swallow.
 */
class AsyncDecisionsBlockHoundTests {

	private static final Queue<String> BLOCKING_CALLS = new ConcurrentLinkedQueue<>();

	private static final Duration BUDGET = Duration.ofMillis(300);

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 6, Duration.ofHours(1)));

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final ScriptRunner runner = new ScriptRunner(this.factory, BUDGET);

	private final CircuitBreaker breaker = Breakers.create("blockhound", 50, 10, 5, Duration.ofMinutes(5), 0, 2);

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(
			new RedisRateLimiter(this.runner, new RedisKeys("rl-blockhound:")), PartitionBreakers.of(this.breaker),
			TestGuards.fallback(3), RateLimitObserver.NONE, new DenyCache(MicrosClock.monotonic(), 1000),
			new TokenLeases(MicrosClock.monotonic(), 1000), Runnable::run);

	@BeforeAll
	static void installBlockHound() {
		BlockHound.install((builder) -> builder
			.nonBlockingThreadPredicate((current) -> current.or(AsyncDecisionsBlockHoundTests::finishesDecisions))
			.blockingMethodCallback((method) -> {
				BLOCKING_CALLS.add(method + " on " + Thread.currentThread().getName());
				throw new BlockingOperationError(method);
			}));
	}

	private static boolean finishesDecisions(Thread thread) {
		return thread.getName().startsWith("lettuce-") || thread.getName().equals("CompletableFutureDelayScheduler");
	}

	/**
	 * Connect before the test, beside the guard and off the watched threads.
	 */
	@BeforeEach
	void connect() {
		byte[][] keys = { "warm-up".getBytes(StandardCharsets.UTF_8) };
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> this.runner.runAsync(RedisRateLimiter.RESET, keys).toCompletableFuture().get() != null);
		BLOCKING_CALLS.clear();
	}

	@AfterEach
	void tearDown() {
		if (this.redis.isAlive()) {
			this.redis.resume();
		}
		this.factory.destroy();
		this.redis.close();
		assertThat(BLOCKING_CALLS).isEmpty();
	}

	private static Tier tier(FailurePolicy policy) {
		return TestTiers.of(policy.id(), LIMITS, policy);
	}

	private List<Verdict> decideOnEventLoop(List<ClientCharge> parts) {
		return Mono.defer(() -> Mono.fromCompletionStage(this.limiter.decideAllAsync(parts)))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(10));
	}

	private Verdict decideOnEventLoop(String key, Tier tier) {
		return decideOnEventLoop(List.of(new ClientCharge(key, tier, 1))).get(0);
	}

	@Test
	void theBlockingPathOnANonBlockingThreadIsCaught() {
		assertThatThrownBy(() -> Mono
			.fromCallable(() -> this.limiter.decideAll(List.of(new ClientCharge("k", tier(FailurePolicy.LOCAL), 1))))
			.subscribeOn(Schedulers.parallel())
			.block(Duration.ofSeconds(10))).hasCauseInstanceOf(BlockingOperationError.class);
		assertThat(BLOCKING_CALLS).singleElement()
			.satisfies((call) -> assertThat(call).startsWith("jdk.internal.misc.Unsafe#park on parallel-"));
		BLOCKING_CALLS.clear();
	}

	@Test
	void healthyRedisDecidesEveryKindOfRequestWithoutBlocking() {
		Tier cached = new Tier("cached", LIMITS, FailurePolicy.FAIL_CLOSED, false, true, false);
		Tier leasing = TestTiers.of("leasing",
				List.of(LimitSpec.of("per-hour", 60, Duration.ofHours(1)).withLease(10)));
		Tier account = TestTiers.of("account", List.of(LimitSpec.of("per-hour", 3, Duration.ofHours(1))),
				FailurePolicy.LOCAL);
		int admitted = 0;
		for (int i = 0; i < 8; i++) {
			admitted += decideOnEventLoop("cached", cached).decision().allowed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(6);
		assertThat(decideOnEventLoop("cached", cached).source()).isEqualTo(Verdict.Source.DENY_CACHE);
		for (int i = 0; i < 25; i++) {
			assertThat(decideOnEventLoop("leasing", leasing).decision().allowed()).isTrue();
		}
		List<ClientCharge> together = List.of(new ClientCharge("address", tier(FailurePolicy.LOCAL), 1),
				new ClientCharge("account", account, 1));
		for (int i = 0; i < 3; i++) {
			assertThat(decideOnEventLoop(together)).allMatch((verdict) -> verdict.decision().allowed());
		}
		assertThat(decideOnEventLoop(together)).extracting(Verdict::source)
			.containsExactly(Verdict.Source.NOT_CHARGED, Verdict.Source.PRIMARY);
	}

	@Test
	void slowRedisDecidesWithoutBlocking() {
		assertThat(decideOnEventLoop("slow", tier(FailurePolicy.FAIL_CLOSED)).source())
			.isEqualTo(Verdict.Source.PRIMARY);
		this.redis.pause();
		CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(this.redis::resume);
		assertThat(decideOnEventLoop("slow", tier(FailurePolicy.FAIL_CLOSED)).source())
			.isEqualTo(Verdict.Source.PRIMARY);
	}

	@Test
	void frozenRedisPastTheBudgetLetsThePoliciesAnswerWithoutBlocking() {
		assertThat(decideOnEventLoop("k", tier(FailurePolicy.FAIL_CLOSED)).source()).isEqualTo(Verdict.Source.PRIMARY);
		this.redis.pause();
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			Verdict verdict = decideOnEventLoop("k", tier(FailurePolicy.LOCAL));
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(2);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void killedRedisLetsThePoliciesAnswerWithoutBlocking() {
		assertThat(decideOnEventLoop("k", tier(FailurePolicy.FAIL_CLOSED)).source()).isEqualTo(Verdict.Source.PRIMARY);
		this.redis.close();
		assertThat(decideOnEventLoop("k", tier(FailurePolicy.FAIL_CLOSED)).source())
			.isEqualTo(Verdict.Source.FAIL_CLOSED);
		assertThat(decideOnEventLoop("k", tier(FailurePolicy.FAIL_OPEN)).source()).isEqualTo(Verdict.Source.FAIL_OPEN);
		assertThat(decideOnEventLoop("k", tier(FailurePolicy.LOCAL)).source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
	}

	@Test
	void openBreakerAnswersWithoutBlocking() {
		this.breaker.transitionToOpenState();
		for (int i = 0; i < 10; i++) {
			assertThat(decideOnEventLoop("k", tier(FailurePolicy.LOCAL)).source())
				.isEqualTo(Verdict.Source.LOCAL_FALLBACK);
		}
		assertThat(decideOnEventLoop("k", tier(FailurePolicy.FAIL_CLOSED)).source())
			.isEqualTo(Verdict.Source.FAIL_CLOSED);
	}

}
