package dev.ratelimit.resilience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import dev.ratelimit.core.FractionalMicros;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Micros;

/**
 * Scales limits down to one node's share, {@code ceil(value / nodes)}, for the local
 * fallback: with {@code n} nodes each admitting its share the fleet admits about the
 * configured limit, and at most {@code n} times the share. A request costing more than a
 * share's burst but no more than the full burst gets a share whose burst is raised to its
 * cost, so it can still be admitted once the node's share has refilled.
 * <p>
 * A share is always a valid limit: where the smaller rate would take longer than
 * {@link LimitSpec#MAX_REFILL} to refill the burst, the burst is lowered (a plain share)
 * or the rate raised (a share raised to a cost) until it does not.
 */
final class NodeShare {

	private static final long MAX_REFILL = Micros.of(LimitSpec.MAX_REFILL);

	private final IntSupplier nodes;

	private final Map<Key, List<LimitSpec>> shares = new ConcurrentHashMap<>();

	/**
	 * Create shares for a fleet whose size may change.
	 * @param nodes returns the number of nodes sharing the load, at least 1
	 */
	NodeShare(IntSupplier nodes) {
		this.nodes = nodes;
	}

	/**
	 * Return the number of nodes the shares are computed for.
	 * @return the nodes, at least 1
	 */
	int nodes() {
		return Math.max(1, this.nodes.getAsInt());
	}

	List<LimitSpec> of(List<LimitSpec> limits, long cost) {
		int nodes = nodes();
		if (nodes == 1) {
			return limits;
		}
		List<LimitSpec> shares = this.shares.computeIfAbsent(new Key(limits, nodes),
				(key) -> key.limits().stream().map((spec) -> share(spec, key.nodes())).toList());
		if (shares.stream().allMatch((share) -> share.burst() >= cost)) {
			return shares;
		}
		return shares.stream().map((share) -> atLeast(share, cost)).toList();
	}

	private static LimitSpec atLeast(LimitSpec share, long cost) {
		if (share.burst() >= cost) {
			return share;
		}
		if (!share.algorithm().hasBurst()) {
			return share.withUnits(cost, cost);
		}
		// the smallest rate at which a burst of the cost refills in time: the full
		// limit's rate always does, since the cost is at most the full burst
		long longestInterval = MAX_REFILL / cost;
		long limit = Math.max(share.limit(), Micros.ceilDiv(share.periodMicros(), longestInterval));
		return share.withUnits(limit, cost);
	}

	private static LimitSpec share(LimitSpec spec, int nodes) {
		long limit = Micros.ceilDiv(spec.limit(), nodes);
		long burst = Micros.ceilDiv(spec.burst(), nodes);
		if (spec.algorithm().hasBurst()) {
			long interval = FractionalMicros.quotient(spec.periodMicros(), limit).ceil();
			burst = Math.min(burst, MAX_REFILL / interval);
		}
		return spec.withUnits(limit, burst);
	}

	private record Key(List<LimitSpec> limits, int nodes) {

	}

}
