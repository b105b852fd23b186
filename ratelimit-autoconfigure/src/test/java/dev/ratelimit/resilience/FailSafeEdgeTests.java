package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Parallel;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guarded limiter's edges against a real Redis of the test's own: requests beyond
 * capacity, costs above a node's share, and the local fallback's state across outages.
 */
class FailSafeEdgeTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 4, Duration.ofHours(1)));

	private static final Tier LOCAL = TestTiers.of("t", LIMITS, FailurePolicy.LOCAL);

	private OwnRedisStack stack;

	@BeforeEach
	void setUp() {
		this.stack = new OwnRedisStack(Breakers.create("edge", 50, 10, 5, Duration.ofMinutes(5), 0, 2),
				Duration.ofMillis(200));
	}

	@AfterEach
	void tearDown() {
		this.stack.close();
	}

	@Test
	void costBeyondCapacityNeverClosesAHalfOpenBreaker() {
		this.stack.redis.close();
		this.stack.breaker.transitionToOpenState();
		this.stack.breaker.transitionToHalfOpenState();
		for (int i = 0; i < 5; i++) {
			Verdict verdict = this.stack.limiter.decide("t:k", LOCAL, 5);
			assertThat(verdict.decision().reason()).isEqualTo(Decision.Reason.COST_EXCEEDS_CAPACITY);
		}
		assertThat(this.stack.breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
		assertThat(this.stack.breaker.getMetrics().getNumberOfSuccessfulCalls()).isZero();
	}

	@Test
	void costAboveThisNodesShareButWithinTheLimitIsAdmittedByTheLocalFallback() {
		this.stack.breaker.transitionToOpenState();
		// 4 per hour over 3 nodes: a share of 2, below the cost of 3
		Verdict first = this.stack.limiter.decide("t:k", LOCAL, 3);
		assertThat(first.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
		assertThat(first.decision().allowed()).isTrue();
		Decision second = this.stack.limiter.decide("t:k", LOCAL, 3).decision();
		assertThat(second.allowed()).isFalse();
		assertThat(second.reason()).isEqualTo(Decision.Reason.LIMIT_EXCEEDED);
		assertThat(second.retryAfter()).isPositive();
	}

	@Test
	void theNextOutageStartsFromWhatRedisSaidOnceTheLastOneWasSettled() {
		int port = this.stack.redis.endpoint().port();
		this.stack.redis.close();
		assertThat(admittedLocally("t:k")).isEqualTo(2);
		this.stack.redis = RedisProcess.start(port);
		this.stack.breaker.transitionToClosedState();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.stack.limiter.decide("t:probe", LOCAL, 1).source() == Verdict.Source.PRIMARY);
		// the 2 admitted locally are charged to the restarted Redis in the background
		RedisRateLimiter shared = new RedisRateLimiter(new ScriptRunner(this.stack.factory, Duration.ofSeconds(1)),
				new RedisKeys("rl:"));
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> shared.peek("t:k", LIMITS).remaining() == 2);
		this.stack.breaker.transitionToOpenState();
		// 2 of 4 left, scaled to this node's share of 2: 1
		assertThat(admittedLocally("t:k")).isEqualTo(1);
	}

	@Test
	void aSuccessBetweenFailuresWhileTheBreakerStaysClosedStartsTheFallbackFromRedisAnswer() {
		OwnRedisStack patient = new OwnRedisStack(Breakers.create("patient", 50, 100, 100, Duration.ofMinutes(5), 0, 2),
				Duration.ofMillis(200));
		try {
			int port = patient.redis.endpoint().port();
			patient.redis.close();
			assertThat(admittedLocally(patient, "t:k")).isEqualTo(2);
			patient.redis = RedisProcess.start(port);
			await().atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> patient.limiter.decide("t:probe", LOCAL, 1).source() == Verdict.Source.PRIMARY);
			patient.redis.close();
			// the 2 admitted locally were settled on the success: 2 of 4 left, scaled to
			// this node's share of 2, so 1, and never a fresh share per blip
			assertThat(admittedLocally(patient, "t:k")).isEqualTo(1);
			assertThat(patient.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}
		finally {
			patient.close();
		}
	}

	@Test
	void concurrentCallsToAFrozenRedisAllGetThePolicyWithinTheBudgetNotTheBusyTimeout() throws Exception {
		// a busy timeout of 10 s: a cancelled wait mistaken for a reply would hold the
		// others that long; half of it leaves room for a loaded machine's late wake-ups,
		// which rightly extend a wait
		FailSafeRateLimiter limiter = TestGuards.guard(
				new RedisRateLimiter(
						new ScriptRunner(this.stack.factory, Duration.ofMillis(100), Duration.ofSeconds(10)),
						new RedisKeys("rl:")),
				Breakers.create("frozen", 50, 100, 100, Duration.ofMinutes(5), 0, 2), TestGuards.fallback(3),
				RateLimitObserver.NONE);
		assertThat(limiter.decide("t:warm", LOCAL, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		this.stack.redis.pause();
		try {
			int prompt = Parallel.count(8, 8, () -> {
				long start = System.nanoTime();
				Verdict verdict = limiter.decide("t:frozen", LOCAL, 1);
				return verdict.source() == Verdict.Source.LOCAL_FALLBACK
						&& Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0;
			});
			assertThat(prompt).isEqualTo(8);
		}
		finally {
			this.stack.redis.resume();
		}
	}

	@Test
	void forgettingAKeyClearsItsLocalFallbackState() {
		this.stack.breaker.transitionToOpenState();
		assertThat(admittedLocally("t:k")).isEqualTo(2);
		this.stack.limiter.forget("t:k");
		assertThat(admittedLocally("t:k")).isEqualTo(2);
	}

	private int admittedLocally(String key) {
		return admittedLocally(this.stack, key);
	}

	private static int admittedLocally(OwnRedisStack stack, String key) {
		int admitted = 0;
		for (int i = 0; i < 5; i++) {
			Verdict verdict = stack.limiter.decide(key, LOCAL, 1);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		return admitted;
	}

}
