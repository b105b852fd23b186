package dev.ratelimit.resilience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.core.LimitSpec;

/**
 * Scales limits down to one node's share, {@code ceil(value / nodes)}, for the local
 * fallback: with {@code n} nodes each admitting its share the fleet admits about the
 * configured limit, and at most {@code n} times the share.
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

	List<LimitSpec> of(List<LimitSpec> limits) {
		if (this.nodes == 1) {
			return limits;
		}
		return this.shares.computeIfAbsent(limits, (all) -> all.stream().map(this::share).toList());
	}

	private LimitSpec share(LimitSpec spec) {
		return new LimitSpec(spec.name(), ceilDiv(spec.limit()), spec.period(), ceilDiv(spec.burst()),
				spec.algorithm());
	}

	private long ceilDiv(long value) {
		return (value + this.nodes - 1) / this.nodes;
	}

}
