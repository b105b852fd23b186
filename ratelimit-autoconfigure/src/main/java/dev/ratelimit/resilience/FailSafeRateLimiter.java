package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.ratelimit.core.ClientCharge;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Refunder;
import dev.ratelimit.core.Settler;
import dev.ratelimit.core.Stages;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.core.Verdict;
import dev.ratelimit.core.Verdicts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

/**
 * Guards the shared limiter: every call passes the Resilience4j circuit breaker of the
 * store partition that decides the key ({@link RateLimiter#partition}), and when that
 * partition fails, times out or its breaker is open, the tier's {@link FailurePolicy}
 * decides instead; the other partitions' keys keep deciding on the store. A failed call
 * is never retried, since the script may have run.
 * <p>
 * Before any of that, the tiers that opt in are answered from this node where they can
 * be, so those answers cost neither a store call nor a breaker permission: a denial the
 * store gave a client moments ago ({@link DenyCache}), or units this node leased for the
 * key ahead of need ({@link TokenLeases}).
 * <p>
 * A request whose cost exceeds a limit's burst is denied without a store call and without
 * touching the breaker, so it can neither open nor close it. The {@link LocalFallback}
 * starts each client of an outage from how the store last left it, and what it admits is
 * charged to the store ({@link Settler}) in the background as soon as the partition that
 * decides the key now answers, never on a request's thread. Until a node counting its
 * fleet has taken a first count, the fallback does not decide and its tiers refuse as
 * fail-closed ones do ({@link LocalFallback#awaitingCount}). A partition that has left
 * the store ({@link RateLimiter#partitions}) is forgotten, breaker included, when a new
 * one appears.
 */
public class FailSafeRateLimiter implements RateLimitGuard {

	private final RateLimiter primary;

	private final @Nullable Settler settler;

	private final PartitionBreakers breakers;

	private final Map<String, Partition> partitions = new ConcurrentHashMap<>();

	private final LocalFallback fallback;

	private final RateLimitObserver observer;

	private final DenyCache denials;

	private final TokenLeases leases;

	private final Executor settlements;

	/**
	 * Create a guarded limiter.
	 * @param primary the shared limiter; if it is a {@link Settler}, what the fallback
	 * admitted is charged to it when it answers again
	 * @param breakers the breakers around its partitions
	 * @param fallback decides while the store is away
	 * @param observer receives latencies and episode changes
	 * @param denials remembers recent denials, for tiers with a deny cache
	 * @param leases holds leased units, for tiers whose limits lease
	 * @param settlements runs the settlements, off the request threads
	 */
	public FailSafeRateLimiter(RateLimiter primary, PartitionBreakers breakers, LocalFallback fallback,
			RateLimitObserver observer, DenyCache denials, TokenLeases leases, Executor settlements) {
		this.primary = primary;
		this.settler = (primary instanceof Settler store) ? store : null;
		this.breakers = breakers;
		this.fallback = fallback;
		this.observer = observer;
		this.denials = denials;
		this.leases = leases;
		this.settlements = settlements;
	}

	@Override
	public Verdict decide(String key, Tier tier, long cost) {
		return Stages.join(decideOne(key, tier, cost, StoreCalls.BLOCKING));
	}

	private CompletionStage<Verdict> decideOne(String key, Tier tier, long cost, StoreCalls calls) {
		// validated once: the store is then asked with this request, not a rebuilt one
		DecisionRequest request = new DecisionRequest(key, tier.limits(), cost);
		Decision beyondCapacity = request.denialIfCostExceedsCapacity();
		if (beyondCapacity != null) {
			return answered(new Verdict(Verdict.Source.PRIMARY, beyondCapacity));
		}
		if (tier.denyCache()) {
			Decision denial = this.denials.find(key, tier, cost);
			if (denial != null) {
				return answered(new Verdict(Verdict.Source.DENY_CACHE, denial));
			}
		}
		return decided(request, tier, partition(key), calls);
	}

	/**
	 * Decide the parts of one request together. A remembered denial of any part denies
	 * without a store call. Parts are grouped in their order: a part joins the first
	 * group whose keys it {@link RateLimiter#decidedTogether decides together} with, at
	 * the same cost (one call on standalone Redis and Sentinel, one per hash slot on
	 * Redis Cluster); each group is one all-or-nothing store call, or, while its
	 * partition is away, one all-or-nothing local decision. Groups are decided in order
	 * and the first that rejects ends it: earlier groups stay charged. A part on a shadow
	 * tier is its own group, so that it never holds back the others, and a leasing tier
	 * does not lease in a group of several. A lone part is decided as {@link #decide}
	 * decides it.
	 */
	@Override
	public List<@Nullable Verdict> decideAll(List<ClientCharge> parts) {
		return Stages.join(decideAll(parts, StoreCalls.BLOCKING));
	}

	/**
	 * Decide the parts of one request as {@link #decideAll(List)} does, step for step,
	 * with every store call, lease renewals included, awaited without a thread: the stage
	 * completes on the thread of the store's reply, or of the budget's end.
	 */
	@Override
	public CompletionStage<List<@Nullable Verdict>> decideAllAsync(List<ClientCharge> parts) {
		return decideAll(parts, StoreCalls.ASYNC);
	}

	private CompletionStage<List<@Nullable Verdict>> decideAll(List<ClientCharge> parts, StoreCalls calls) {
		int size = parts.size();
		if (size == 1) {
			ClientCharge part = parts.get(0);
			return decideOne(part.key(), part.tier(), part.cost(), calls).thenApply(Collections::singletonList);
		}
		List<DecisionRequest> requests = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			ClientCharge part = parts.get(i);
			DecisionRequest request = new DecisionRequest(part.key(), part.tier().limits(), part.cost());
			Decision beyondCapacity = request.denialIfCostExceedsCapacity();
			if (beyondCapacity != null) {
				return answered(Verdicts.only(size, i, new Verdict(Verdict.Source.PRIMARY, beyondCapacity)));
			}
			requests.add(request);
		}
		for (int i = 0; i < size; i++) {
			ClientCharge part = parts.get(i);
			Decision denial = part.tier().denyCache() ? this.denials.find(part.key(), part.tier(), part.cost()) : null;
			if (denial != null && !part.tier().shadow()) {
				return answered(Verdicts.only(size, i, new Verdict(Verdict.Source.DENY_CACHE, denial)));
			}
		}
		List<@Nullable Verdict> verdicts = new ArrayList<>(Collections.nCopies(size, null));
		return decideGroups(parts, requests, groups(parts).iterator(), verdicts, calls);
	}

	/**
	 * Decide the remaining groups in order, until one rejects.
	 */
	private CompletionStage<List<@Nullable Verdict>> decideGroups(List<ClientCharge> parts,
			List<DecisionRequest> requests, Iterator<List<Integer>> groups, List<@Nullable Verdict> verdicts,
			StoreCalls calls) {
		if (!groups.hasNext()) {
			return answered(verdicts);
		}
		List<Integer> group = groups.next();
		return decideGroup(parts, requests, group, calls).thenCompose((decided) -> {
			boolean rejected = false;
			for (int g = 0; g < group.size(); g++) {
				Verdict verdict = decided.get(g);
				int index = group.get(g);
				verdicts.set(index, verdict);
				rejected |= verdict != null && verdict.rejects(parts.get(index).tier());
			}
			return rejected ? answered(verdicts) : decideGroups(parts, requests, groups, verdicts, calls);
		});
	}

	private static <T> CompletionStage<T> answered(T answer) {
		return CompletableFuture.completedFuture(answer);
	}

	private List<List<Integer>> groups(List<ClientCharge> parts) {
		List<List<Integer>> groups = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			ClientCharge part = parts.get(i);
			List<Integer> joined = null;
			for (List<Integer> group : groups) {
				ClientCharge first = parts.get(group.get(0));
				if (!part.tier().shadow() && !first.tier().shadow() && first.cost() == part.cost()
						&& this.primary.decidedTogether(first.key(), part.key())) {
					joined = group;
					break;
				}
			}
			if (joined == null) {
				joined = new ArrayList<>();
				groups.add(joined);
			}
			joined.add(i);
		}
		return groups;
	}

	private CompletionStage<List<@Nullable Verdict>> decideGroup(List<ClientCharge> parts,
			List<DecisionRequest> requests, List<Integer> group, StoreCalls calls) {
		ClientCharge first = parts.get(group.get(0));
		Partition partition = partition(first.key());
		if (group.size() == 1) {
			DecisionRequest request = requests.get(group.get(0));
			return decided(request, first.tier(), partition, calls).thenApply(Collections::singletonList);
		}
		List<DecisionRequest> grouped = new ArrayList<>(group.size());
		group.forEach((index) -> grouped.add(requests.get(index)));
		long asked = this.denials.now();
		return partition.guardedAsync(() -> calls.evaluateAll(this.primary, grouped)).thenApply((decisions) -> {
			if (decisions == null) {
				return fallbackAll(parts, grouped, group, partition);
			}
			for (int g = 0; g < group.size(); g++) {
				ClientCharge part = parts.get(group.get(g));
				remember(part.key(), part.tier(), part.cost(), decisions.get(g), asked, partition);
			}
			return Verdicts.of(Verdict.Source.PRIMARY, decisions);
		});
	}

	private CompletionStage<Verdict> decided(DecisionRequest request, Tier tier, Partition partition,
			StoreCalls calls) {
		if (tier.leaseSize() > 0) {
			return leased(request, tier, partition, calls);
		}
		long asked = this.denials.now();
		return partition.guardedAsync(() -> calls.evaluate(this.primary, request)).thenApply((decision) -> {
			if (decision == null) {
				return fallback(request, tier, partition);
			}
			remember(request.key(), tier, request.cost(), decision, asked, partition);
			return new Verdict(Verdict.Source.PRIMARY, decision);
		});
	}

	/**
	 * Answer a group whose partition is away: the parts of tiers falling back locally
	 * decided together on this node, the others by their own policy.
	 */
	private List<@Nullable Verdict> fallbackAll(List<ClientCharge> parts, List<DecisionRequest> grouped,
			List<Integer> group, Partition partition) {
		List<@Nullable Verdict> verdicts = new ArrayList<>(Collections.nCopies(group.size(), null));
		List<Integer> local = new ArrayList<>();
		for (int g = 0; g < group.size(); g++) {
			Tier tier = parts.get(group.get(g)).tier();
			switch (tier.failurePolicy()) {
				case FAIL_OPEN -> verdicts.set(g, new Verdict(Verdict.Source.FAIL_OPEN, null));
				case FAIL_CLOSED -> verdicts.set(g, new Verdict(Verdict.Source.FAIL_CLOSED, null));
				case LOCAL -> {
					if (this.fallback.awaitingCount()) {
						verdicts.set(g, new Verdict(Verdict.Source.FAIL_CLOSED, null));
					}
					else {
						local.add(g);
					}
				}
			}
		}
		if (!local.isEmpty()) {
			List<DecisionRequest> requests = new ArrayList<>(local.size());
			local.forEach((g) -> requests.add(grouped.get(g)));
			List<@Nullable Verdict> decided = Verdicts.of(Verdict.Source.LOCAL_FALLBACK,
					this.fallback.decideAll(partition, requests));
			for (int l = 0; l < local.size(); l++) {
				verdicts.set(local.get(l), decided.get(l));
			}
		}
		return verdicts;
	}

	/**
	 * Settle a request once its response shows what it owes, in at most one store call.
	 * Units beyond the charge are settled on the store; when it cannot take them, or the
	 * request was admitted by the local fallback, they are owed like the fallback's own
	 * admissions: charged to this node's limiter now, to the store in the background when
	 * it answers again, whatever the tier's failure policy. Units given back are given to
	 * the store only: while it cannot take them, or for a request the fallback admitted,
	 * they are dropped and the client stays charged, which errs towards limiting.
	 */
	@Override
	public void settleResponse(String key, Tier tier, Verdict charged, long chargedUnits, long owed, Duration since) {
		Decision decision = charged.decision();
		if (decision == null || !decision.allowed() || owed == chargedUnits) {
			return;
		}
		Partition partition = partition(key);
		boolean local = charged.source() == Verdict.Source.LOCAL_FALLBACK;
		Decision settled;
		if (owed > chargedUnits) {
			DecisionRequest extra = new DecisionRequest(key, tier.limits(), owed - chargedUnits);
			Settler store = this.settler;
			settled = (local || store == null) ? null : partition.guarded(() -> store.settle(extra));
			if (settled == null) {
				this.fallback.oweExtra(partition, extra);
				return;
			}
		}
		else {
			if (local || !(this.primary instanceof Refunder store)) {
				return;
			}
			DecisionRequest back = new DecisionRequest(key, tier.limits(), chargedUnits - owed);
			settled = partition.guarded(() -> store.refund(back, decision, since));
		}
		if (settled != null && tier.failurePolicy() == FailurePolicy.LOCAL) {
			this.fallback.remember(key, settled);
			partition.forget(key);
		}
	}

	@Override
	public void forget(String key) {
		this.denials.forget(key);
		this.leases.forget(key);
		this.fallback.forget(key);
		partition(key).forget(key);
	}

	/**
	 * Return the breaker guarding the store's single partition, or the partition that
	 * decides the empty key.
	 * @return the breaker
	 */
	public CircuitBreaker circuitBreaker() {
		return this.breakers.breaker("");
	}

	/**
	 * Return how many nodes the local fallback shares each limit among now.
	 * @return the nodes
	 */
	public int nodes() {
		return this.fallback.nodes();
	}

	private Partition partition(String key) {
		String name = this.primary.partition(key);
		Partition partition = this.partitions.get(name);
		if (partition != null) {
			return partition;
		}
		Partition created = this.partitions.computeIfAbsent(name, this::newPartition);
		forgetDeparted(name);
		return created;
	}

	/**
	 * Forget the partitions that have left the store, as a new one appearing tells after
	 * a failover: their breakers, so that the health stops reporting their last state,
	 * and their local state. The new partition looks for the units owed under their
	 * names. Nothing is forgotten while the store's list of partitions lacks the new one:
	 * it is not known yet, or older than the key's routing.
	 */
	private void forgetDeparted(String appeared) {
		Set<String> current = this.primary.partitions();
		if (!current.contains(appeared)) {
			return;
		}
		for (String name : this.partitions.keySet()) {
			if (!current.contains(name) && this.partitions.remove(name) != null) {
				this.breakers.remove(name);
				this.fallback.partitionDeparted(name);
			}
		}
	}

	private Partition newPartition(String name) {
		this.fallback.partitionAppeared(name);
		return new Partition(name, this.breakers.breaker(name), this.fallback::newLimiter, this.observer, this::settle);
	}

	private CompletionStage<Verdict> leased(DecisionRequest request, Tier tier, Partition partition, StoreCalls calls) {
		String key = request.key();
		long cost = request.cost();
		CompletionStage<TokenLeases.@Nullable Leased> decided = calls.leased(this.leases, request, tier, (size) -> {
			long asked = this.denials.now();
			return partition.guardedAsync(() -> calls.evaluateLease(this.primary, request, Math.max(size, cost)))
				.thenApply((grant) -> {
					if (grant != null) {
						remember(key, tier, cost, grant.decision(), asked, partition);
					}
					return grant;
				});
		});
		return decided.thenApply((leased) -> {
			if (leased == null) {
				return fallback(request, tier, partition);
			}
			return new Verdict(leased.local() ? Verdict.Source.LEASE : Verdict.Source.PRIMARY, leased.decision());
		});
	}

	private void remember(String key, Tier tier, long cost, Decision decision, long asked, Partition partition) {
		if (tier.denyCache()) {
			this.denials.remember(key, tier, cost, decision, asked);
		}
		if (tier.failurePolicy() == FailurePolicy.LOCAL) {
			this.fallback.remember(key, decision);
			// the next local decision starts from this answer, not from an older one
			partition.forget(key);
		}
	}

	private Verdict fallback(DecisionRequest request, Tier tier, Partition partition) {
		return switch (tier.failurePolicy()) {
			case FAIL_OPEN -> new Verdict(Verdict.Source.FAIL_OPEN, null);
			case FAIL_CLOSED -> new Verdict(Verdict.Source.FAIL_CLOSED, null);
			// a node that does not know its share yet refuses rather than admit the whole
			// limit
			case LOCAL -> this.fallback.awaitingCount() ? new Verdict(Verdict.Source.FAIL_CLOSED, null)
					: new Verdict(Verdict.Source.LOCAL_FALLBACK, this.fallback.decide(partition, request));
		};
	}

	/**
	 * Charge what the fallback admitted for a partition's keys, in the background, once
	 * the partition has answered a call.
	 */
	private void settle(Partition partition) {
		if (this.settler == null || !this.fallback.owing(partition.name()) || !partition.startSettling()) {
			return;
		}
		try {
			this.settlements.execute(() -> settleNow(partition, this.settler));
		}
		catch (RejectedExecutionException ex) {
			// shutting down: what is owed stays owed
			partition.endSettling();
		}
	}

	private void settleNow(Partition partition, Settler settler) {
		try {
			List<DecisionRequest> owed = this.fallback.takeOwed(partition.name(), this.primary::partition);
			List<DecisionRequest> unsettled = new ArrayList<>();
			for (DecisionRequest request : owed) {
				Decision settled = unsettled.isEmpty() ? partition.guarded(() -> settler.settle(request)) : null;
				if (settled != null) {
					this.fallback.remember(request.key(), settled);
					partition.forget(request.key());
				}
				else {
					unsettled.add(request);
				}
			}
			this.fallback.oweAgain(partition.name(), unsettled);
		}
		finally {
			partition.endSettling();
		}
	}

}
