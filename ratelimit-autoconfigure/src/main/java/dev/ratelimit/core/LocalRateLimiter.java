package dev.ratelimit.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process twin of the Redis limiter with the same arithmetic: the same requests at
 * the same times give the same decisions. Each node counts on its own, so it serves as
 * the naive per-node baseline and as the fallback when Redis is unavailable.
 * <p>
 * Buckets that have filled up again hold no information and are swept once the number
 * of tracked keys passes {@code maxKeys}; if a sweep cannot get below that bound the
 * remaining keys are dropped in map order (a dropped client starts with a full
 * bucket), so memory stays bounded under hostile keys.
 */
public class LocalRateLimiter implements RateLimiter {

	private final MicrosClock clock;

	private final int maxKeys;

	private final Map<String, Map<String, long[]>> buckets = new ConcurrentHashMap<>();

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
		Decision decision = null;
		while (decision == null) {
			Map<String, long[]> states = this.buckets.computeIfAbsent(request.key(), (key) -> new HashMap<>());
			synchronized (states) {
				if (this.buckets.get(request.key()) == states) {
					decision = decide(states, request, this.clock.nowMicros());
				}
			}
		}
		if (this.buckets.size() > this.maxKeys) {
			this.sweeps.submit(this::sweep);
		}
		return decision;
	}

	private Decision decide(Map<String, long[]> states, DecisionRequest request, long now) {
		List<LimitSpec> limits = request.limits();
		long[] debts = new long[limits.size()];
		boolean allowed = true;
		for (int i = 0; i < debts.length; i++) {
			debts[i] = TokenBucket.debt(states.get(limits.get(i).name()), now, limits.get(i));
			allowed &= TokenBucket.fits(limits.get(i), debts[i], request.cost());
		}
		List<LimitOutcome> outcomes = new ArrayList<>(debts.length);
		for (int i = 0; i < debts.length; i++) {
			LimitSpec spec = limits.get(i);
			if (allowed) {
				states.put(spec.name(), TokenBucket.charge(debts[i], request.cost(), now, spec));
			}
			outcomes.add(TokenBucket.outcome(spec, debts[i], request.cost(), allowed));
		}
		return Decision.of(allowed, outcomes);
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
		for (Map.Entry<String, Map<String, long[]>> entry : this.buckets.entrySet()) {
			Map<String, long[]> states = entry.getValue();
			synchronized (states) {
				if (isIdle(states, now)) {
					this.buckets.remove(entry.getKey(), states);
				}
			}
		}
		Iterator<Map.Entry<String, Map<String, long[]>>> entries = this.buckets.entrySet().iterator();
		while (this.buckets.size() > this.maxKeys && entries.hasNext()) {
			Map.Entry<String, Map<String, long[]>> entry = entries.next();
			synchronized (entry.getValue()) {
				this.buckets.remove(entry.getKey(), entry.getValue());
			}
		}
	}

	private static boolean isIdle(Map<String, long[]> states, long now) {
		return states.values().stream().allMatch((state) -> state[0] < now);
	}

}
