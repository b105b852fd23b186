package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
import dev.ratelimit.redis.InjectedClockScripts;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes leasing from one real Redis: three limiter stacks, each with its own leases
 * and deny cache, Redis's clock and the nodes' driven by one test clock, so the counts
 * are exact.
 */
class LeasingAcrossNodesTests {

	private final TestClock clock = new TestClock();

	private final String key = "hot:" + UUID.randomUUID();

	private final List<Node> nodes = List.of(new Node(), new Node(), new Node());

	/** 60 per minute, burst 60, leased 10 at a time for a minute: one unit a second. */
	private final LimitSpec perMinute = LimitSpec.of("per-minute", 60, Duration.ofMinutes(1)).withLease(10);

	private final Tier tier = TestTiers.of("hot", List.of(this.perMinute));

	@Test
	void atOneInstantThreeNodesAdmitExactlyTheBurst() {
		assertThat(hammer(this.tier, 300)).isEqualTo(60);
		// six leases of 10, then every request past the burst is a denial from Redis
		assertThat(redisCalls()).isEqualTo(6 + 240);
	}

	@Test
	void unitsHeldAcrossARefillAreTheOnlyExcessAndAtMostNodesTimesLeaseMinusOne() {
		assertThat(hammer(this.tier, 3)).isEqualTo(3);
		// Redis holds 30, each node 9; half a minute later Redis is full again
		this.clock.advance(Duration.ofSeconds(30));
		int admitted = hammer(this.tier, 300);
		// the burst of 60 plus 3 x (10 - 1) held: the bound nodes x (lease - 1) is
		// reached
		assertThat(admitted).isEqualTo(60 + 27);
	}

	@Test
	void shorterLeaseTtlBoundsTheExcessByWhatRefillsInIt() {
		Tier shortLeases = TestTiers.of("hot", List.of(this.perMinute.withLease(10, Duration.ofSeconds(10))));
		assertThat(hammer(shortLeases, 3)).isEqualTo(3);
		this.clock.advanceMicros(9_999_999);
		// 27 held, and Redis has 30 plus the 9 whole units refilled: 6 beyond the burst,
		// within the 10 that refill in one lease TTL
		assertThat(hammer(shortLeases, 300)).isEqualTo(66);
	}

	@Test
	void lapsedLeasesAreNotSpent() {
		Tier shortLeases = TestTiers.of("hot", List.of(this.perMinute.withLease(10, Duration.ofSeconds(10))));
		assertThat(hammer(shortLeases, 3)).isEqualTo(3);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(hammer(shortLeases, 300)).isEqualTo(30 + 10);
	}

	@Test
	void noMinuteAdmitsMoreThanBurstPlusLimitPlusWhatTheNodesHold() {
		Tier cachedDenials = new Tier("hot", List.of(this.perMinute), FailurePolicy.FAIL_OPEN, false, true, false);
		List<Long> admittedAt = new ArrayList<>();
		long start = this.clock.nowMicros();
		// each node sees 20 requests a second for five minutes: 20 times the limit
		for (int step = 0; step < 6000; step++) {
			for (Node node : this.nodes) {
				if (node.limiter.decide(this.key, cachedDenials, 1).decision().allowed()) {
					admittedAt.add(this.clock.nowMicros() - start);
				}
			}
			this.clock.advance(Duration.ofMillis(50));
		}
		int busiestMinute = busiestWindow(admittedAt, 60_000_000L);
		// in the long run the limit holds exactly: the burst plus one unit a second
		assertThat(admittedAt).hasSizeLessThanOrEqualTo(60 + 300);
		assertThat(busiestMinute).isLessThanOrEqualTo(60 + 60 + 3 * (10 - 1));
	}

	@Test
	void redisCallsPerDecisionFallToOneOverTheLeaseSize() {
		Tier fast = TestTiers.of("fast", List.of(LimitSpec.of("per-second", 100, Duration.ofSeconds(1)).withLease(10)));
		int admitted = 0;
		// 90 requests a second spread over three nodes, under the limit of 100
		for (int round = 0; round < 1000; round++) {
			for (Node node : this.nodes) {
				if (node.limiter.decide(this.key, fast, 1).decision().allowed()) {
					admitted++;
				}
			}
			this.clock.advanceMicros(33_333);
		}
		assertThat(admitted).isEqualTo(3000);
		assertThat(redisCalls()).isEqualTo(300);
	}

	@Test
	void heldUnitsAreSpentWhileRedisIsAway() {
		Node node = this.nodes.get(0);
		assertThat(node.limiter.decide(this.key, this.tier, 1).source()).isEqualTo(Verdict.Source.PRIMARY);
		node.limiter.circuitBreaker().transitionToOpenState();
		for (int i = 0; i < 9; i++) {
			assertThat(node.limiter.decide(this.key, this.tier, 1).source()).isEqualTo(Verdict.Source.LEASE);
		}
		assertThat(node.limiter.decide(this.key, this.tier, 1).source()).isEqualTo(Verdict.Source.FAIL_OPEN);
	}

	private int hammer(Tier tier, int requests) {
		int admitted = 0;
		for (int i = 0; i < requests; i++) {
			if (this.nodes.get(i % this.nodes.size()).limiter.decide(this.key, tier, 1).decision().allowed()) {
				admitted++;
			}
		}
		return admitted;
	}

	private int redisCalls() {
		return this.nodes.stream().mapToInt((node) -> node.scripts.calls()).sum();
	}

	private static int busiestWindow(List<Long> times, long window) {
		int busiest = 0;
		int first = 0;
		for (int last = 0; last < times.size(); last++) {
			while (times.get(last) - times.get(first) >= window) {
				first++;
			}
			busiest = Math.max(busiest, last - first + 1);
		}
		return busiest;
	}

	/**
	 * One application node: its own limiter stack over the shared Redis.
	 */
	private final class Node {

		private final CountingScripts scripts = new CountingScripts(
				new InjectedClockScripts(TestRedis.shared(), LeasingAcrossNodesTests.this.clock));

		private final FailSafeRateLimiter limiter = new FailSafeRateLimiter(
				new RedisRateLimiter(this.scripts, new RedisKeys("rl-lease:")),
				PartitionBreakers.of(Breakers.create("lease", 50, 10, 5, Duration.ofSeconds(5), 0.5, 2)),
				new LocalFallback(LeasingAcrossNodesTests.this.clock, 1000, Fleet.of(1)), RateLimitObserver.NONE,
				new DenyCache(LeasingAcrossNodesTests.this.clock, 1000),
				new TokenLeases(LeasingAcrossNodesTests.this.clock, 1000), Runnable::run);

	}

}
