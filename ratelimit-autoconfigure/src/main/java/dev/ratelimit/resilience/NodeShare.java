package dev.ratelimit.resilience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Micros;

/**
 * Scales limits down to one node's share, {@code ceil(value / nodes)}, for the local
 * fallback: with {@code n} nodes each admitting its share the fleet admits about the
 * configured limit, and at most {@code n} times the share. A request costing more than a
 * share's burst but no more than the full burst gets a share whose burst is raised to its
 * cost, so it can still be admitted once the node's share has refilled.
 */
final class NodeShare {

	private final int nodes;

	private final Map<List<LimitSpec>, List<LimitSpec>> shares = new ConcurrentHashMap<>();

	NodeShare(int nodes) {
		if (nodes < 1) {
			throw new IllegalArgumentException("Expected nodes must be at least 1 but was " + nodes);
		}
		this.nodes = nodes;
	}

	List<LimitSpec> of(List<LimitSpec> limits, long cost) {
		if (this.nodes == 1) {
			return limits;
		}
		List<LimitSpec> shares = this.shares.computeIfAbsent(limits, (all) -> all.stream().map(this::share).toList());
		if (shares.stream().allMatch((share) -> share.burst() >= cost)) {
			return shares;
		}
		return shares.stream().map((share) -> atLeast(share, cost)).toList();
	}

	private static LimitSpec atLeast(LimitSpec share, long cost) {
		if (share.burst() >= cost) {
			return share;
		}
		long limit = share.algorithm().hasBurst() ? share.limit() : cost;
		return new LimitSpec(share.name(), limit, share.period(), cost, share.algorithm());
	}

	private LimitSpec share(LimitSpec spec) {
		return new LimitSpec(spec.name(), Micros.ceilDiv(spec.limit(), this.nodes), spec.period(),
				Micros.ceilDiv(spec.burst(), this.nodes), spec.algorithm());
	}

}
