package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TokenLeasesTests {

	private final TestClock clock = new TestClock();

	private final LocalRateLimiter store = new LocalRateLimiter(this.clock, 1000);

	private final TokenLeases leases = new TokenLeases(this.clock, 1000, Runnable::run);

	private final AtomicInteger storeCalls = new AtomicInteger();

	/** 600 per minute, burst 100, leased 10 at a time for 1 s. */
	private final Tier tier = TestTiers.of("hot",
			List.of(LimitSpec.of("per-minute", 600, Duration.ofMinutes(1), 100).withLease(10, Duration.ofSeconds(1))));

	@Test
	void hotKeyAsksTheStoreOncePerLease() {
		int admitted = 0;
		for (int i = 0; i < 1000; i++) {
			if (decide("k", 1).decision().allowed()) {
				admitted++;
			}
			this.clock.advance(Duration.ofMillis(100));
		}
		assertThat(admitted).isEqualTo(1000);
		assertThat(this.storeCalls).hasValue(100);
	}

	@Test
	void requestsReportTheStandingCountingTheUnitsThisNodeHolds() {
		TokenLeases.Leased first = decide("k", 1);
		assertThat(first.local()).isFalse();
		assertThat(first.decision().remaining()).isEqualTo(99);
		TokenLeases.Leased second = decide("k", 1);
		assertThat(second.local()).isTrue();
		assertThat(second.decision().remaining()).isEqualTo(98);
		assertThat(second.decision().resetAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofMillis(300));
		assertThat(decide("k", 3).decision().resetAfter()).isEqualTo(Duration.ofMillis(700));
	}

	@Test
	void leaseLapsesAfterItsLifetime() {
		decide("k", 1);
		this.clock.advanceMicros(999_999);
		assertThat(decide("k", 1).local()).isTrue();
		this.clock.advanceMicros(1);
		assertThat(decide("k", 1).local()).isFalse();
		assertThat(this.storeCalls).hasValue(2);
	}

	@Test
	void leaseTooSmallForTheCostIsRenewed() {
		decide("k", 1);
		decide("k", 6);
		assertThat(this.storeCalls).hasValue(1);
		TokenLeases.Leased renewed = decide("k", 4);
		assertThat(renewed.local()).isFalse();
		// the old lease's 3 units cannot pay 4 and are dropped; 80 left in the store, 6
		// here
		assertThat(renewed.decision().remaining()).isEqualTo(80 + 6);
	}

	@Test
	void storeDenialIsReturnedAndNothingIsHeld() {
		this.store.decide("k", this.tier.limits(), 95);
		TokenLeases.Leased last = decide("k", 1);
		assertThat(last.decision().remaining()).isEqualTo(4);
		for (int i = 0; i < 4; i++) {
			assertThat(decide("k", 1).local()).isTrue();
		}
		TokenLeases.Leased denied = decide("k", 1);
		assertThat(denied.local()).isFalse();
		assertThat(denied.decision().allowed()).isFalse();
		assertThat(denied.decision().retryAfter()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void storeThatDoesNotAnswerDecidesNothing() {
		assertThat(this.leases.decide("k", this.tier, 1, (size) -> null)).isNull();
		assertThat(decide("k", 1).local()).isFalse();
	}

	@Test
	void forgottenLeaseIsNotSpent() {
		decide("k", 1);
		this.leases.forget("k");
		assertThat(decide("k", 1).local()).isFalse();
	}

	@Test
	void oneKeyRenewsOnceAtATimeSoParallelRequestsSpendEveryLease() throws Exception {
		Tier big = TestTiers.of("big", List.of(LimitSpec.of("per-hour", 1000, Duration.ofHours(1)).withLease(10)));
		assertThat(Parallel.count(400, 16, () -> decide("k", big, 1).decision().allowed())).isEqualTo(400);
		assertThat(this.storeCalls).hasValue(40);
	}

	@Test
	void requestsArrivingDuringAHungRenewalWaitForThatOneCallInsteadOfQueueingOnTheLock() throws Exception {
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		TokenLeases.Store hung = (size) -> {
			this.storeCalls.incrementAndGet();
			asked.countDown();
			try {
				answer.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return null;
		};
		ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
		Runnable request = () -> {
			TokenLeases.Leased leased = this.leases.decide("k", this.tier, 1, hung);
			results.add((leased != null) ? leased : "no answer");
		};
		Thread renewing = new Thread(request);
		renewing.start();
		asked.await();
		List<Thread> waiting = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Thread thread = new Thread(request);
			thread.start();
			waiting.add(thread);
		}
		// parked on the renewal in flight, not blocked on the key's lock
		await().until(() -> waiting.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
		answer.countDown();
		renewing.join();
		for (Thread thread : waiting) {
			thread.join();
		}
		assertThat(results).hasSize(9).containsOnly("no answer");
		assertThat(this.storeCalls).hasValue(1);
	}

	@Test
	void memoryStaysBoundedAndLapsedLeasesExpire() {
		TokenLeases small = new TokenLeases(this.clock, 100, Runnable::run);
		for (int i = 0; i < 1000; i++) {
			String key = "key-" + i;
			small.decide(key, this.tier, 1, (size) -> this.store.lease(key, this.tier.limits(), 1, size));
			assertThat(small.size()).isLessThanOrEqualTo(100);
		}
		// kept one lifetime beyond the lease's own
		this.clock.advance(Duration.ofSeconds(2));
		small.decide("fresh", this.tier, 1, (size) -> this.store.lease("fresh", this.tier.limits(), 1, size));
		assertThat(small.size()).isEqualTo(1);
	}

	@Test
	void requestsArrivingDuringARenewalInFlightTakeTheirUnitsFromItWithoutAWaitingThread() {
		CompletableFuture<LeaseGrant> reply = new CompletableFuture<>();
		TokenLeases.AsyncStore pending = (size) -> {
			this.storeCalls.incrementAndGet();
			return reply;
		};
		List<CompletableFuture<TokenLeases.Leased>> requests = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			requests.add(this.leases.decideAsync("k", this.tier, 1, pending).toCompletableFuture());
		}
		// every request returned at once, one store call asked for all of them
		assertThat(requests).allMatch((request) -> !request.isDone());
		assertThat(this.storeCalls).hasValue(1);
		reply.complete(this.store.lease("k", this.tier.limits(), 1, 10));
		assertThat(requests).allMatch((request) -> request.join().decision().allowed());
		assertThat(requests).filteredOn((request) -> request.join().local()).hasSize(8);
		assertThat(this.storeCalls).hasValue(1);
		// the lease of 10 paid nine requests: one unit is left for the next
		assertThat(this.leases.decideAsync("k", this.tier, 1, pending).toCompletableFuture().join().local()).isTrue();
	}

	@Test
	void requestsWaitingForARenewalTheStoreDidNotAnswerGetNoDecision() {
		CompletableFuture<LeaseGrant> reply = new CompletableFuture<>();
		List<CompletableFuture<TokenLeases.Leased>> requests = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			requests.add(this.leases.decideAsync("k", this.tier, 1, (size) -> reply).toCompletableFuture());
		}
		reply.complete(null);
		assertThat(requests).allMatch((request) -> request.join() == null);
	}

	private TokenLeases.Leased decide(String key, long cost) {
		return decide(key, this.tier, cost);
	}

	private TokenLeases.Leased decide(String key, Tier tier, long cost) {
		return this.leases.decide(key, tier, cost, (size) -> {
			this.storeCalls.incrementAndGet();
			return this.store.lease(key, tier.limits(), cost, size);
		});
	}

}
