package dev.ratelimit.resilience;

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
import dev.ratelimit.redis.CountingScripts;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection under the guard's non-blocking path, against a {@code redis-server} of
 * the test's own: frozen with SIGSTOP, killed, behind an open breaker, and without its
 * scripts. A decision the store must answer is still pending when the call returns: no
 * thread waited for it.
 */
class AsyncFailSafeTests {

	private static final Duration BUDGET = Duration.ofMillis(100);

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 6, Duration.ofHours(1)));

	private final RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final CountingScripts scripts = new CountingScripts(new ScriptRunner(this.factory, BUDGET));

	private final CircuitBreaker breaker = Breakers.create("async", 50, 10, 5, Duration.ofMinutes(5), 0, 2);

	private final FailSafeRateLimiter limiter = TestGuards.guard(
			new RedisRateLimiter(this.scripts, new RedisKeys("rl:")), this.breaker, TestGuards.fallback(3),
			RateLimitObserver.NONE);

	private int warmUpCalls;

	/**
	 * Connect before the test, beside the guard: a first connection may take longer than
	 * a request waits for it.
	 */
	@BeforeEach
	void warmUp() {
		byte[][] keys = { "warm-up".getBytes(StandardCharsets.UTF_8) };
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> this.scripts.runAsync(RedisRateLimiter.RESET, keys).toCompletableFuture().get() != null);
		this.warmUpCalls = this.scripts.asyncCalls();
	}

	private int asyncCalls() {
		return this.scripts.asyncCalls() - this.warmUpCalls;
	}

	@AfterEach
	void tearDown() {
		if (this.redis.isAlive()) {
			this.redis.resume();
		}
		this.factory.destroy();
		this.redis.close();
	}

	private static Tier tier(FailurePolicy policy) {
		return TestTiers.of(policy.id(), LIMITS, policy);
	}

	private static Verdict.Source answeredBy(FailurePolicy policy) {
		return switch (policy) {
			case FAIL_OPEN -> Verdict.Source.FAIL_OPEN;
			case FAIL_CLOSED -> Verdict.Source.FAIL_CLOSED;
			case LOCAL -> Verdict.Source.LOCAL_FALLBACK;
		};
	}

	private CompletableFuture<List<Verdict>> decide(String key, FailurePolicy policy) {
		return this.limiter.decideAllAsync(List.of(new ClientCharge(key, tier(policy), 1))).toCompletableFuture();
	}

	private static Verdict awaited(CompletableFuture<List<Verdict>> pending) throws Exception {
		return pending.get(10, TimeUnit.SECONDS).get(0);
	}

	@Test
	void frozenRedisLetsTheBudgetEndAndEachPolicyAnswer() throws Exception {
		assertThat(awaited(decide("k", FailurePolicy.FAIL_CLOSED)).source()).isEqualTo(Verdict.Source.PRIMARY);
		this.redis.pause();
		for (FailurePolicy policy : FailurePolicy.values()) {
			CompletableFuture<List<Verdict>> pending = decide("k", policy);
			assertThat(pending).isNotDone();
			assertThat(awaited(pending).source()).isEqualTo(answeredBy(policy));
		}
		assertThat(asyncCalls()).isEqualTo(4);
	}

	@Test
	void frozenRedisLeavesTheLocalFallbackThisNodesShare() throws Exception {
		this.redis.pause();
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			admitted += awaited(decide("k", FailurePolicy.LOCAL)).decision().allowed() ? 1 : 0;
		}
		// 6 per hour shared by 3 expected nodes: this node admits 2
		assertThat(admitted).isEqualTo(2);
		// the breaker opened after five failed calls: the other five asked nothing
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(asyncCalls()).isEqualTo(5);
	}

	@Test
	void frozenForLessThanTheBudgetRedisStillDecides() throws Exception {
		Duration budget = Duration.ofSeconds(2);
		FailSafeRateLimiter patient = TestGuards.guard(
				new RedisRateLimiter(new ScriptRunner(this.factory, budget), new RedisKeys("rl:")),
				Breakers.create("patient", 50, 10, 5, Duration.ofMinutes(5), 0, 2), TestGuards.fallback(3),
				RateLimitObserver.NONE);
		Tier tier = tier(FailurePolicy.FAIL_CLOSED);
		assertThat(awaited(patient.decideAllAsync(List.of(new ClientCharge("slow", tier, 1))).toCompletableFuture())
			.source()).isEqualTo(Verdict.Source.PRIMARY);
		this.redis.pause();
		CompletableFuture<List<Verdict>> pending = patient.decideAllAsync(List.of(new ClientCharge("slow", tier, 1)))
			.toCompletableFuture();
		CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(this.redis::resume);
		Verdict verdict = awaited(pending);
		assertThat(verdict.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(verdict.decision().remaining()).isEqualTo(4);
	}

	@Test
	void killedRedisLetsEachPolicyAnswer() throws Exception {
		assertThat(awaited(decide("k", FailurePolicy.FAIL_CLOSED)).source()).isEqualTo(Verdict.Source.PRIMARY);
		this.redis.close();
		for (FailurePolicy policy : FailurePolicy.values()) {
			assertThat(awaited(decide("k", policy)).source()).isEqualTo(answeredBy(policy));
		}
	}

	@Test
	void openBreakerAnswersAtOnceWithoutAStoreCall() throws Exception {
		this.breaker.transitionToOpenState();
		for (FailurePolicy policy : FailurePolicy.values()) {
			CompletableFuture<List<Verdict>> answered = decide("k", policy);
			assertThat(answered).isDone();
			assertThat(awaited(answered).source()).isEqualTo(answeredBy(policy));
		}
		assertThat(this.scripts.calls()).isEqualTo(this.warmUpCalls);
	}

	@Test
	void scriptsFlushedAreSentOnceWithEval() throws Exception {
		assertThat(awaited(decide("k", FailurePolicy.FAIL_CLOSED)).decision().remaining()).isEqualTo(5);
		RedisCommands.call(this.redis.endpoint(), "SCRIPT", "FLUSH");
		RedisCommands.call(this.redis.endpoint(), "CONFIG", "RESETSTAT");
		Verdict verdict = awaited(decide("k", FailurePolicy.FAIL_CLOSED));
		assertThat(verdict.source()).isEqualTo(Verdict.Source.PRIMARY);
		assertThat(verdict.decision().remaining()).isEqualTo(4);
		assertThat(awaited(decide("k", FailurePolicy.FAIL_CLOSED)).decision().remaining()).isEqualTo(3);
		String stats = (String) RedisCommands.call(this.redis.endpoint(), "INFO", "commandstats");
		assertThat(stats).contains("cmdstat_evalsha:calls=2,").contains("cmdstat_eval:calls=1,");
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
	}

}
