package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalConcurrencyLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.PermitVerdict;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.Stages;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.redis.LettuceFactories;
import dev.ratelimit.redis.RedisConcurrencyLimiter;
import dev.ratelimit.redis.RedisFleetRegistry;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisProcess;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that counts its fleet, whose Redis of the test's own is stopped before its first
 * beat, does not know its share: its tiers on the local fallback refuse as fail-closed
 * ones do, on every path, until a beat counts the fleet; then the local fallback admits
 * the counted share. A configured number of nodes is the share from the start.
 */
@ExtendWith(OutputCaptureExtension.class)
class UncountedFleetTests {

	private static final List<LimitSpec> LIMITS = List.of(LimitSpec.of("per-hour", 10, Duration.ofHours(1)));

	private static final Tier LOCAL = TestTiers.of("local", LIMITS, FailurePolicy.LOCAL);

	private static final Tier OPEN = TestTiers.of("open", LIMITS, FailurePolicy.FAIL_OPEN);

	private static final ConcurrencyLimit IN_FLIGHT = new ConcurrencyLimit("in-flight", 4, Duration.ofMinutes(5));

	private RedisProcess redis = RedisProcess.start();

	private final LettuceConnectionFactory factory = LettuceFactories.started(this.redis.endpoint(),
			Duration.ofMillis(200));

	private final ScriptRunner runner = new ScriptRunner(this.factory, Duration.ofMillis(100));

	private final CircuitBreaker breaker = Breakers.create("uncounted", 50, 10, 5, Duration.ofMinutes(5), 0, 2);

	@AfterEach
	void tearDown() {
		this.factory.destroy();
		this.redis.close();
	}

	@Test
	void aNodeWithoutACountRefusesLocalTiersUntilABeatCountsTheFleet() {
		FleetSize fleet = counting();
		FailSafeRateLimiter limiter = limiter(fleet);
		int port = this.redis.endpoint().port();
		this.redis.close();
		fleet.beat();
		assertThat(fleet.awaitingCount()).isTrue();
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			Verdict verdict = limiter.decide("local:first", LOCAL, 1);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.FAIL_CLOSED);
			assertThat(verdict.rejects(LOCAL)).isTrue();
			admitted += (verdict.decision() != null) ? 1 : 0;
		}
		assertThat(admitted).isZero();
		// fail-open tiers admit by declaration
		assertThat(limiter.decide("open:first", OPEN, 1).source()).isEqualTo(Verdict.Source.FAIL_OPEN);

		// a second node registers once Redis is back on its port; this node's one beat
		// counts both
		this.redis = RedisProcess.start(port);
		FleetSize other = counting();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			other.beat();
			return !other.awaitingCount();
		});
		fleet.beat();
		assertThat(fleet.awaitingCount()).isFalse();
		assertThat(fleet.nodes()).isEqualTo(2);
		this.redis.close();
		for (int i = 0; i < 10; i++) {
			Verdict verdict = limiter.decide("local:second", LOCAL, 1);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		// this node's share of 10 among 2
		assertThat(admitted).isEqualTo(5);
		// the last count stands while Redis is away
		fleet.beat();
		assertThat(fleet.nodes()).isEqualTo(2);
	}

	@Test
	void partsDecidedTogetherAndAsynchronouslyRefuseToo() {
		FleetSize fleet = counting();
		FailSafeRateLimiter limiter = limiter(fleet);
		this.redis.close();
		List<ClientCharge> parts = List.of(new ClientCharge("local:{a}1", LOCAL, 1),
				new ClientCharge("local:{a}2", LOCAL, 1), new ClientCharge("open:{a}3", OPEN, 1));
		List<Verdict> together = limiter.decideAll(parts);
		assertThat(together).extracting(Verdict::source)
			.containsExactly(Verdict.Source.FAIL_CLOSED, Verdict.Source.FAIL_CLOSED, Verdict.Source.FAIL_OPEN);
		List<Verdict> async = Stages.join(limiter.decideAllAsync(List.of(new ClientCharge("local:async", LOCAL, 1))));
		assertThat(async).extracting(Verdict::source).containsExactly(Verdict.Source.FAIL_CLOSED);
	}

	@Test
	void permitsOfALocalTierAreRefusedUntilABeatCountsTheFleet() {
		FleetSize fleet = counting();
		FailSafeConcurrencyGuard guard = new FailSafeConcurrencyGuard(
				new RedisConcurrencyLimiter(this.runner, new RedisKeys("rl:")), PartitionBreakers.of(this.breaker),
				new LocalConcurrencyLimiter(MicrosClock.monotonic(), 100), fleet, RateLimitObserver.NONE);
		int port = this.redis.endpoint().port();
		this.redis.close();
		fleet.beat();
		PermitVerdict refused = guard.acquire("local:held", LOCAL, IN_FLIGHT);
		assertThat(refused.source()).isEqualTo(Verdict.Source.FAIL_CLOSED);
		assertThat(refused.permit()).isNull();
		assertThat(refused.rejects(LOCAL)).isTrue();

		this.redis = RedisProcess.start(port);
		FleetSize other = counting();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			other.beat();
			return !other.awaitingCount();
		});
		fleet.beat();
		this.redis.close();
		int granted = 0;
		for (int i = 0; i < 4; i++) {
			PermitVerdict verdict = guard.acquire("local:held", LOCAL, IN_FLIGHT);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			granted += (verdict.permit() != null) ? 1 : 0;
		}
		// this node's share of 4 among 2
		assertThat(granted).isEqualTo(2);
	}

	@Test
	void aConfiguredNumberOfNodesIsTheShareFromTheStart() {
		FleetSize fleet = new FleetSize(new RedisFleetRegistry(this.runner, "rl:"), 2, Duration.ofSeconds(30));
		FailSafeRateLimiter limiter = limiter(fleet);
		this.redis.close();
		fleet.beat();
		assertThat(fleet.awaitingCount()).isFalse();
		int admitted = 0;
		for (int i = 0; i < 10; i++) {
			Verdict verdict = limiter.decide("local:configured", LOCAL, 1);
			assertThat(verdict.source()).isEqualTo(Verdict.Source.LOCAL_FALLBACK);
			admitted += verdict.decision().allowed() ? 1 : 0;
		}
		assertThat(admitted).isEqualTo(5);
	}

	@Test
	void aNodeWithoutASharedStoreIsOneNodeFromTheStart() {
		FleetSize fleet = new FleetSize(null, null, Duration.ofSeconds(30));
		assertThat(fleet.awaitingCount()).isFalse();
		assertThat(fleet.counted()).isFalse();
		assertThat(fleet.nodes()).isEqualTo(1);
	}

	@Test
	void theFirstFailedBeatWarnsOnceNamingTheFix(CapturedOutput output) {
		FleetSize fleet = counting();
		this.redis.close();
		fleet.beat();
		fleet.beat();
		assertThat(output.getOut().split("ratelimit.fallback.expected-nodes", -1)).hasSize(2);
		assertThat(output.getOut()).contains("WARN", "refuse as fail-closed until the first count");
	}

	private FleetSize counting() {
		return new FleetSize(new RedisFleetRegistry(this.runner, "rl:"), null, Duration.ofSeconds(30));
	}

	private FailSafeRateLimiter limiter(Fleet fleet) {
		return new FailSafeRateLimiter(new RedisRateLimiter(this.runner, new RedisKeys("rl:")),
				PartitionBreakers.of(this.breaker), new LocalFallback(MicrosClock.system(), 1000, fleet),
				RateLimitObserver.NONE, new DenyCache(MicrosClock.monotonic(), 1000),
				new TokenLeases(MicrosClock.monotonic(), 1000), Runnable::run);
	}

}
