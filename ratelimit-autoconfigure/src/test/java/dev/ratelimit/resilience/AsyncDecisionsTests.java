package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.TestClock;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.CountingScripts;
import dev.ratelimit.redis.DriverInjectedClockScripts;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's blocking and non-blocking paths give the same verdicts, with the same
 * script calls, each made its own way: clients decided together all-or-nothing, the deny
 * cache and leases, on a real Redis whose clock the test drives.
 */
class AsyncDecisionsTests {

	// one factory for the class's tests, closed with the test JVM
	private static final LettuceConnectionFactory FACTORY = LettuceFactories.started(TestRedis.shared());

	private final TestClock clock = new TestClock();

	private final CountingScripts scripts = new CountingScripts(
			new DriverInjectedClockScripts(new ScriptRunner(FACTORY, Duration.ofSeconds(5)), this.clock));

	private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(
			new RedisRateLimiter(this.scripts, new RedisKeys("rl-paths:"), this.clock),
			PartitionBreakers.of(Breakers.create("paths", 50, 10, 5, Duration.ofMinutes(1), 0, 1)),
			new LocalFallback(this.clock, 1000, Fleet.of(1)), RateLimitObserver.NONE, new DenyCache(this.clock, 1000),
			new TokenLeases(this.clock, 1000), Runnable::run);

	private final String client = "c:" + UUID.randomUUID();

	@ParameterizedTest
	@EnumSource(DecisionPath.class)
	void clientsDecidedTogetherAreChargedAllOrNothing(DecisionPath path) {
		Tier address = TestTiers.of("address", List.of(LimitSpec.of("attempts", 6, Duration.ofHours(1))),
				FailurePolicy.FAIL_CLOSED);
		Tier account = TestTiers.of("account", List.of(LimitSpec.of("attempts", 3, Duration.ofHours(1))),
				FailurePolicy.FAIL_CLOSED);
		List<ClientCharge> parts = List.of(new ClientCharge(this.client + ":a", address, 1),
				new ClientCharge(this.client + ":b", account, 1));
		for (int i = 0; i < 3; i++) {
			assertThat(path.decide(this.limiter, parts)).allMatch((verdict) -> verdict.decision().allowed());
		}
		List<Verdict> denied = path.decide(this.limiter, parts);
		assertThat(denied).extracting(Verdict::source)
			.containsExactly(Verdict.Source.NOT_CHARGED, Verdict.Source.PRIMARY);
		assertThat(denied.get(0).decision().remaining()).isEqualTo(3);
		assertThat(denied.get(1).decision().allowed()).isFalse();
		assertThat(path.ownCalls(this.scripts)).isEqualTo(4);
		assertThat(this.scripts.calls()).isEqualTo(4);
	}

	@ParameterizedTest
	@EnumSource(DecisionPath.class)
	void aRememberedDenialAnswersWithoutTheStore(DecisionPath path) {
		Tier cached = new Tier("free", List.of(LimitSpec.of("per-minute", 5, Duration.ofMinutes(1))),
				FailurePolicy.FAIL_OPEN, false, true, false);
		ClientCharge part = new ClientCharge(this.client, cached, 1);
		int admitted = 0;
		Verdict last = null;
		for (int i = 0; i < 100; i++) {
			last = path.decide(this.limiter, part);
			admitted += last.decision().allowed() ? 1 : 0;
			// 100 requests in 11 s, within the 12 s Retry-After of the first denial
			this.clock.advanceMicros(110_000);
		}
		assertThat(admitted).isEqualTo(5);
		assertThat(last.source()).isEqualTo(Verdict.Source.DENY_CACHE);
		assertThat(path.ownCalls(this.scripts)).isEqualTo(5 + 1);
		assertThat(this.scripts.calls()).isEqualTo(5 + 1);
	}

	@ParameterizedTest
	@EnumSource(DecisionPath.class)
	void leasedUnitsPayRequestsUntilTheLimitIsSpent(DecisionPath path) {
		Tier leasing = TestTiers.of("hot",
				List.of(LimitSpec.of("per-minute", 60, Duration.ofMinutes(1)).withLease(10)));
		ClientCharge part = new ClientCharge(this.client, leasing, 1);
		int admitted = 0;
		int leased = 0;
		for (int i = 0; i < 100; i++) {
			Verdict verdict = path.decide(this.limiter, part);
			admitted += verdict.decision().allowed() ? 1 : 0;
			leased += (verdict.source() == Verdict.Source.LEASE) ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(60);
		assertThat(leased).isEqualTo(60 - 6);
		// six leases of 10, then every request past the burst is a denial from Redis
		assertThat(path.ownCalls(this.scripts)).isEqualTo(6 + 40);
		assertThat(this.scripts.calls()).isEqualTo(6 + 40);
	}

}
