package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DeadlineCache;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LastStandings;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.MicrosClock;

/**
 * The {@link dev.ratelimit.core.FailurePolicy#LOCAL local} failure policy: decides a
 * partition's keys on this node while the store is away, each client starting from how
 * the store last left it ({@link LastStandings}) with its limits scaled to this node's
 * {@link NodeShare share} of the fleet, and remembers what it admitted, so that those
 * units are charged to the store when it answers again.
 * <p>
 * Owed units are kept by key alone and settled by the partition that decides the key when
 * the store answers, not the one that decided it when they were admitted: after a Redis
 * Cluster failover the promoted replica answers under a new name, and resharding moves
 * keys between masters. Which partitions to look at is kept as a set of names: those that
 * decided an owed key when it was admitted or last looked at, and every partition new to
 * this node, since it may decide keys owed under another name.
 * <p>
 * Both memories hold at most {@code maxKeys} keys in Caffeine caches. An owed entry
 * evicted before the store returns is never charged: the fleet then admits those units on
 * top of the bound, as it would without settlement. Owed units are kept, like a standing,
 * until their limits have refilled in full since the last of them was admitted.
 * <p>
 * A node that counts its fleet and has not taken a first count does not know its share:
 * it {@link #awaitingCount() awaits the count}, and the tiers falling back locally refuse
 * as fail-closed ones do meanwhile.
 */
public final class LocalFallback {

	private final MicrosClock clock;

	private final int maxKeys;

	private final Fleet fleet;

	private final NodeShare share;

	private final LastStandings standings;

	private final Cache<String, Owed> owed;

	private final Set<String> owing = ConcurrentHashMap.newKeySet();

	/**
	 * Create a fallback.
	 * @param clock the time source of the local limiters and of the standings
	 * @param maxKeys the most keys a local limiter tracks, and the most standings and
	 * owed entries kept
	 * @param fleet how many nodes share the load, for this node's share
	 */
	public LocalFallback(MicrosClock clock, int maxKeys, Fleet fleet) {
		this.clock = clock;
		this.maxKeys = maxKeys;
		this.fleet = fleet;
		this.share = new NodeShare(fleet::nodes);
		this.standings = new LastStandings(clock, maxKeys, this::owed);
		// owed units expire once their limits have refilled in full since the last of
		// them was admitted: charged later, they would only put the client in debt for
		// what it may take anyway
		this.owed = DeadlineCache.create(clock, maxKeys, Owed::until, ForkJoinPool.commonPool());
	}

	/**
	 * Return how many nodes the shares are computed for now.
	 * @return the nodes
	 */
	public int nodes() {
		return this.share.nodes();
	}

	/**
	 * Return whether this node counts its fleet and has no count yet, so it must not
	 * decide: it would take itself for the only node.
	 * @return whether the first count is awaited
	 */
	boolean awaitingCount() {
		return this.fleet.awaitingCount();
	}

	LocalRateLimiter newLimiter() {
		return new LocalRateLimiter(this.clock, this.maxKeys);
	}

	/**
	 * Decide a request on this node, and remember what it admitted.
	 * @param partition the partition of the request's key
	 * @param request the request, with the full limits
	 * @return the decision
	 */
	Decision decide(Partition partition, DecisionRequest request) {
		List<LimitSpec> share = this.share.of(request.limits(), request.cost());
		Decision decision = partition.fallback()
			.evaluate(new DecisionRequest(request.key(), share, request.cost()), this.standings);
		if (decision.allowed()) {
			owe(request);
			this.owing.add(partition.name());
		}
		return decision;
	}

	/**
	 * Decide several clients' parts on this node together, all-or-nothing, and remember
	 * what was admitted.
	 * @param partition the partition of the parts' keys
	 * @param requests the parts, with the full limits
	 * @return one decision per part, charged only if every part is admitted
	 */
	List<Decision> decideAll(Partition partition, List<DecisionRequest> requests) {
		List<DecisionRequest> shares = new ArrayList<>(requests.size());
		for (DecisionRequest request : requests) {
			shares.add(new DecisionRequest(request.key(), this.share.of(request.limits(), request.cost()),
					request.cost()));
		}
		List<Decision> decisions = partition.fallback().evaluateAll(shares, this.standings);
		if (decisions.stream().allMatch(Decision::allowed)) {
			requests.forEach(this::owe);
			this.owing.add(partition.name());
		}
		return decisions;
	}

	/**
	 * Owe the store units a response showed a request costs beyond its charge, which the
	 * store could not take: this node's limiter is charged its share of them now, whether
	 * they fit or not, and the store all of them once it answers again.
	 * @param partition the partition of the request's key
	 * @param request the key, the full limits and the units owed
	 */
	void oweExtra(Partition partition, DecisionRequest request) {
		List<LimitSpec> share = this.share.of(request.limits(), 1);
		partition.fallback().settle(new DecisionRequest(request.key(), share, request.cost()));
		owe(request);
		this.owing.add(partition.name());
	}

	/**
	 * Remember how the store left a key.
	 * @param key the key
	 * @param decision the store's decision
	 */
	void remember(String key, Decision decision) {
		this.standings.remember(key, decision);
	}

	void forget(String key) {
		this.standings.forget(key);
		this.owed.invalidate(key);
	}

	/**
	 * Note a partition new to this node, such as a replica a failover promoted: it may
	 * decide keys whose units were owed under another partition's name, so its first
	 * answer looks for them.
	 * @param partition the partition
	 */
	void partitionAppeared(String partition) {
		this.owing.add(partition);
	}

	/**
	 * Note a partition that has left the store: the partitions that decide its keys now
	 * look for their owed units instead.
	 * @param partition the partition
	 */
	void partitionDeparted(String partition) {
		this.owing.remove(partition);
	}

	/**
	 * Return whether a partition may decide keys that are owed units.
	 * @param partition the partition
	 * @return whether a settlement may have work
	 */
	boolean owing(String partition) {
		return this.owing.contains(partition);
	}

	/**
	 * Take the units owed for the keys a partition decides now, removing them, and note
	 * the partitions that decide the other owed keys now.
	 * @param partition the partition
	 * @param deciders returns the partition that decides a key now
	 * @return the owed requests, each with the full limits and the units as its cost
	 */
	List<DecisionRequest> takeOwed(String partition, Function<String, String> deciders) {
		this.owing.remove(partition);
		List<DecisionRequest> taken = new ArrayList<>();
		for (Map.Entry<String, Owed> entry : this.owed.asMap().entrySet()) {
			String decider = deciders.apply(entry.getKey());
			Owed owed = entry.getValue();
			if (!decider.equals(partition)) {
				this.owing.add(decider);
			}
			else if (this.owed.asMap().remove(entry.getKey(), owed)) {
				taken.add(new DecisionRequest(entry.getKey(), owed.limits(), owed.units()));
			}
		}
		return taken;
	}

	/**
	 * Owe again what could not be settled.
	 * @param partition the partition that failed to settle them
	 * @param requests the requests still owed
	 */
	void oweAgain(String partition, List<DecisionRequest> requests) {
		requests.forEach(this::owe);
		if (!requests.isEmpty()) {
			this.owing.add(partition);
		}
	}

	/**
	 * Return the units owed to the store for a key.
	 * @param key the key
	 * @return the units, 0 if none
	 */
	long owed(String key) {
		Owed owed = this.owed.getIfPresent(key);
		return (owed != null) ? owed.units() : 0;
	}

	private void owe(DecisionRequest request) {
		long until = this.clock.nowMicros() + LocalRateLimiter.replenishedWithin(request.limits());
		this.owed.asMap().merge(request.key(), new Owed(request.limits(), request.cost(), until), Owed::plus);
	}

	/**
	 * Units admitted on this node for one key and not yet charged to the store, and when
	 * they stop mattering: once the limits have refilled in full since the last of them.
	 */
	private record Owed(List<LimitSpec> limits, long units, long until) {

		Owed plus(Owed more) {
			return new Owed(more.limits(), Math.addExact(this.units, more.units()), Math.max(this.until, more.until()));
		}

	}

}
