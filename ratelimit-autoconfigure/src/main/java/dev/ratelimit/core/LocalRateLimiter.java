package dev.ratelimit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * In-process twin of the Redis limiter with the same arithmetic for every
 * {@link Algorithm}: the same requests at the same times give the same decisions. Each
 * node counts on its own, so it serves as the naive per-node baseline and as the
 * fallback when Redis is unavailable.
 * <p>
 * Limits that are fully replenished again (a bucket full, a window or log empty) hold
 * no information and are swept once the number of tracked keys passes
 * {@code maxKeys}; if a sweep cannot get below that bound the remaining keys are
 * dropped in map order (a dropped client starts afresh), so memory stays bounded under
 * hostile keys.
 */
public class LocalRateLimiter implements RateLimiter {

	private final MicrosClock clock;

	private final int maxKeys;

	private final Map<String, Map<String, LimitState>> buckets = new ConcurrentHashMap<>();

	private final Sweeper sweeps = new Sweeper();

	/**
	 * Create a limiter on the system clock tracking at most 100,000 keys.
	 */
	public LocalRateLimiter() {
		this(MicrosClock.system(), 100_000);
	}

	/**
	 * Create a limiter.
	 * @param clock the time source
	 * @param maxKeys the number of tracked keys above which idle ones are swept
	 */
	public LocalRateLimiter(MicrosClock clock, int maxKeys) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
		}
		this.clock = clock;
		this.maxKeys = maxKeys;
	}

	@Override
	public Decision evaluate(DecisionRequest request) {
		return locked(request.key(), (states, now) -> decide(states, request, now, true));
	}

	/**
	 * Decide a request and take as many units as every limit can give, up to the size, as
	 * {@code lua/limits.lua} does in its lease mode.
	 * @param request the request
	 * @param size the units to take if available, at least the cost
	 * @return the grant
	 */
	@Override
	public LeaseGrant evaluateLease(DecisionRequest request, long size) {
		return locked(request.key(), (states, now) -> {
			Decision standing = decide(states, request, now, false);
			if (!standing.allowed()) {
				return new LeaseGrant(standing, 0);
			}
			long granted = Math.min(size,
					standing.outcomes().stream().mapToLong(LimitOutcome::remaining).min().orElseThrow());
			DecisionRequest grant = new DecisionRequest(request.key(), request.limits(), granted);
			return new LeaseGrant(decide(states, grant, now, true), granted);
		});
	}

	private <T> T locked(String key, BiFunction<Map<String, LimitState>, Long, T> action) {
		T result = null;
		while (result == null) {
			Map<String, LimitState> states = this.buckets.computeIfAbsent(key, (absent) -> new HashMap<>());
			synchronized (states) {
				if (this.buckets.get(key) == states) {
					result = action.apply(states, this.clock.nowMicros());
				}
			}
		}
		if (this.buckets.size() > this.maxKeys) {
			this.sweeps.submit(this::sweep);
		}
		return result;
	}

	/**
	 * Return how a key stands, with nothing charged and no key tracked.
	 * @param key the counted client's key
	 * @param limits the limits
	 * @return the decision a request of cost 1 would get, nothing charged
	 */
	@Override
	public Decision peek(String key, List<LimitSpec> limits) {
		DecisionRequest request = new DecisionRequest(key, limits, 1);
		Map<String, LimitState> states = this.buckets.get(key);
		if (states == null) {
			return decide(new HashMap<>(), request, this.clock.nowMicros(), false);
		}
		synchronized (states) {
			return decide(states, request, this.clock.nowMicros(), false);
		}
	}

	/**
	 * Forget a key's state for the given limits, restoring them in full.
	 * @param key the counted client's key
	 * @param limits the limits
	 */
	@Override
	public void reset(String key, List<LimitSpec> limits) {
		Map<String, LimitState> states = this.buckets.get(key);
		if (states != null) {
			synchronized (states) {
				limits.forEach((limit) -> states.remove(limit.name()));
				if (states.isEmpty()) {
					this.buckets.remove(key, states);
				}
			}
		}
	}

	private Decision decide(Map<String, LimitState> states, DecisionRequest request, long now, boolean charge) {
		List<LimitSpec> limits = request.limits();
		List<LimitProbe> probes = new ArrayList<>(limits.size());
		boolean allowed = true;
		for (LimitSpec spec : limits) {
			LimitProbe probe = probe(spec, states.get(spec.name()), now, request.cost());
			probes.add(probe);
			allowed &= probe.fits();
		}
		boolean charged = allowed && charge;
		List<LimitOutcome> outcomes = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			LimitProbe probe = probes.get(i);
			if (charged) {
				states.put(limits.get(i).name(), probe.charge());
			}
			outcomes.add(probe.outcome(charged));
		}
		return Decision.of(allowed, outcomes);
	}

	private static LimitProbe probe(LimitSpec spec, @Nullable LimitState state, long now, long cost) {
		return switch (spec.algorithm()) {
			case TOKEN_BUCKET -> TokenBucket.probe(state, spec, now, cost);
			case SLIDING_WINDOW_LOG -> SlidingWindowLog.probe(state, spec, now, cost);
			case SLIDING_WINDOW_COUNTER -> SlidingWindowCounter.probe(state, spec, now, cost);
			case FIXED_WINDOW -> FixedWindow.probe(state, spec, now, cost);
			case GCRA -> Gcra.probe(state, spec, now, cost);
		};
	}

	/**
	 * Return the number of keys currently tracked.
	 * @return the number of keys
	 */
	public int trackedKeys() {
		return this.buckets.size();
	}

	/**
	 * Forget all state of one key.
	 * @param key the key
	 */
	public void reset(String key) {
		this.buckets.remove(key);
	}

	private void sweep() {
		long now = this.clock.nowMicros();
		for (Map.Entry<String, Map<String, LimitState>> entry : this.buckets.entrySet()) {
			Map<String, LimitState> states = entry.getValue();
			synchronized (states) {
				if (isIdle(states, now)) {
					this.buckets.remove(entry.getKey(), states);
				}
			}
		}
		Iterator<Map.Entry<String, Map<String, LimitState>>> entries = this.buckets.entrySet().iterator();
		while (this.buckets.size() > this.maxKeys && entries.hasNext()) {
			Map.Entry<String, Map<String, LimitState>> entry = entries.next();
			synchronized (entry.getValue()) {
				this.buckets.remove(entry.getKey(), entry.getValue());
			}
		}
	}

	private static boolean isIdle(Map<String, LimitState> states, long now) {
		return states.values().stream().allMatch((state) -> state.isIdle(now));
	}

}
