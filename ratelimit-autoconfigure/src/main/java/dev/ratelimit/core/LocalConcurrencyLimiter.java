package dev.ratelimit.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * Keeps permits in this node's memory: the local backend's store, and the fallback's
 * while the shared store is away. Bounded: at most {@code maxKeys} clients' permits, each
 * client's forgotten once its last permit has lapsed, or earlier, least used first, when
 * more clients hold permits than that.
 */
public final class LocalConcurrencyLimiter implements ConcurrencyLimiter {

	private final MicrosClock clock;

	private final Cache<String, Held> permits;

	/**
	 * Create a limiter.
	 * @param clock the clock permits lapse on
	 * @param maxKeys the most clients and limits whose permits are kept
	 */
	public LocalConcurrencyLimiter(MicrosClock clock, int maxKeys) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("Max keys must be at least 1 but was " + maxKeys);
		}
		this.clock = clock;
		this.permits = DeadlineCache.create(clock, maxKeys, Held::until, Runnable::run);
	}

	@Override
	public PermitDecision acquire(String key, ConcurrencyLimit limit, String permit) {
		long now = this.clock.nowMicros();
		long[] inFlight = new long[1];
		boolean[] allowed = new boolean[1];
		this.permits.asMap().compute(entry(key, limit), (name, held) -> {
			Held current = (held != null) ? held.withoutLapsed(now) : new Held();
			allowed[0] = current.size() < limit.limit();
			if (allowed[0]) {
				current.put(permit, now + Micros.of(limit.maxDuration()));
			}
			inFlight[0] = current.size();
			return current.isEmpty() ? null : current;
		});
		return new PermitDecision(limit, allowed[0], inFlight[0]);
	}

	@Override
	public void release(String key, ConcurrencyLimit limit, String permit) {
		this.permits.asMap().computeIfPresent(entry(key, limit), (name, held) -> {
			held.remove(permit);
			return held.isEmpty() ? null : held;
		});
	}

	@Override
	public void renew(List<Permit> permits) {
		long now = this.clock.nowMicros();
		for (Permit permit : permits) {
			ConcurrencyLimit limit = permit.limit();
			this.permits.asMap().computeIfPresent(entry(permit.key(), limit), (name, held) -> {
				Held current = held.withoutLapsed(now);
				current.computeIfPresent(permit.id(), (id, until) -> now + Micros.of(limit.maxDuration()));
				return current.isEmpty() ? null : current;
			});
		}
	}

	/**
	 * Return how many clients' permits of a limit are kept now.
	 * @return the entries
	 */
	long size() {
		this.permits.cleanUp();
		return this.permits.estimatedSize();
	}

	private static String entry(String key, ConcurrencyLimit limit) {
		return limit.name() + '\n' + key;
	}

	/**
	 * One client's permits of one limit, by id, each with the instant it lapses; only
	 * ever changed inside the cache's {@code compute}, which holds the entry's lock.
	 */
	private static final class Held extends LinkedHashMap<String, Long> {

		private static final long serialVersionUID = 1L;

		Held withoutLapsed(long now) {
			entrySet().removeIf((permit) -> permit.getValue() <= now);
			return this;
		}

		long until() {
			long until = 0;
			for (Map.Entry<String, Long> permit : entrySet()) {
				until = Math.max(until, permit.getValue());
			}
			return until;
		}

	}

}
