package dev.ratelimit.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of one-off identities against full node-local caches: the clients that keep
 * coming back keep their buckets, denials and leases. Caffeine's upkeep runs on the
 * calling thread and time stands still, so the run is deterministic.
 */
class JunkIdentityTests {

	private static final int CAPACITY = 20_000;

	private static final int JUNK = 200_000;

	private static final int REGULARS = 50;

	/** Junk identities between two visits of every regular client. */
	private static final int JUNK_PER_ROUND = 100;

	private final TestClock clock = new TestClock();

	private final LimitSpec daily = LimitSpec.of("per-day", 10_000, Duration.ofDays(1));

	@Test
	void regularClientsKeepTheirBuckets() {
		LocalRateLimiter limiter = new LocalRateLimiter(this.clock, CAPACITY, Runnable::run);
		fill((key) -> limiter.decide(key, List.of(this.daily), 1));
		int visits = flood((key) -> limiter.decide(key, List.of(this.daily), 1),
				(regular) -> limiter.decide(regular, List.of(this.daily), 1));
		assertThat(limiter.trackedKeys()).isEqualTo(CAPACITY);
		for (int i = 0; i < REGULARS; i++) {
			assertThat(limiter.peek("regular-" + i, List.of(this.daily)).remaining()).isEqualTo(10_000 - visits);
		}
	}

	@Test
	void regularClientsKeepTheirDenials() {
		DenyCache cache = new DenyCache(this.clock, CAPACITY, Runnable::run);
		Tier tier = new Tier("free", List.of(LimitSpec.of("per-hour", 1, Duration.ofHours(1))), FailurePolicy.FAIL_OPEN,
				false, true, false);
		LocalRateLimiter store = new LocalRateLimiter(this.clock, 10, Runnable::run);
		store.decide("any", tier.limits(), 1);
		Decision denial = store.decide("any", tier.limits(), 1);
		fill((key) -> cache.remember(key, tier, 1, denial, cache.now()));
		for (int i = 0; i < REGULARS; i++) {
			cache.remember("regular-" + i, tier, 1, denial, cache.now());
		}
		AtomicInteger misses = new AtomicInteger();
		flood((key) -> cache.remember(key, tier, 1, denial, cache.now()), (regular) -> {
			if (cache.find(regular, tier, 1) == null) {
				misses.incrementAndGet();
			}
		});
		assertThat(misses).hasValue(0);
		assertThat(cache.size()).isEqualTo(CAPACITY);
	}

	@Test
	void regularClientsKeepTheirLeases() {
		TokenLeases leases = new TokenLeases(this.clock, CAPACITY, Runnable::run);
		Tier tier = TestTiers.of("hot",
				List.of(LimitSpec.of("per-hour", 100_000, Duration.ofHours(1)).withLease(5_000, Duration.ofHours(1))));
		LocalRateLimiter store = new LocalRateLimiter(this.clock, CAPACITY, Runnable::run);
		AtomicInteger regularStoreCalls = new AtomicInteger();
		fill((key) -> leases.decide(key, tier, 1, (size) -> store.lease(key, tier.limits(), 1, size)));
		int visits = flood((key) -> leases.decide(key, tier, 1, (size) -> store.lease(key, tier.limits(), 1, size)),
				(regular) -> leases.decide(regular, tier, 1, (size) -> {
					regularStoreCalls.incrementAndGet();
					return store.lease(regular, tier.limits(), 1, size);
				}));
		assertThat(visits).isLessThan(5_000);
		// one lease per regular client, taken on its first visit and never lost
		assertThat(regularStoreCalls).hasValue(REGULARS);
		assertThat(leases.size()).isEqualTo(CAPACITY);
	}

	private void fill(Consumer<String> visit) {
		for (int i = 0; i < CAPACITY; i++) {
			visit.accept("filler-" + i);
		}
	}

	/**
	 * Send the junk identities, each once, with every regular client visiting between
	 * rounds of them.
	 * @return how often each regular client visited
	 */
	private int flood(Consumer<String> junk, Consumer<String> regular) {
		int visits = 0;
		for (int sent = 0; sent < JUNK; sent += JUNK_PER_ROUND) {
			for (int i = 0; i < JUNK_PER_ROUND; i++) {
				junk.accept("junk-" + (sent + i));
			}
			for (int i = 0; i < REGULARS; i++) {
				regular.accept("regular-" + i);
			}
			visits++;
		}
		return visits;
	}

}
