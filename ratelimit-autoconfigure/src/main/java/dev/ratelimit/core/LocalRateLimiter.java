package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.jspecify.annotations.Nullable;

/**
 * In-process twin of the Redis limiter with the same arithmetic for every
 * {@link Algorithm}: the same requests at the same times give the same decisions. Each
 * node counts on its own, so it serves as the naive per-node baseline and as the fallback
 * when Redis is unavailable.
 * <p>
 * At most {@code maxKeys} keys are tracked, in a Caffeine cache. A key expires once its
 * state can no longer matter: twice the longest {@link LimitSpec#windowSeconds() window}
 * of the limits it was charged against, after its last charge, by which every algorithm
 * is fully replenished. Past the bound, W-TinyLFU evicts the keys seen least often, in
 * amortised constant time: a flood of one-off keys costs no request a scan and does not
 * push out the clients that keep coming back. An evicted client starts afresh.
 */
public class LocalRateLimiter implements RateLimiter, Settler, Refunder {

	/**
	 * Longest window a key is kept for, about 25 years: keeps the expiry in nanoseconds.
	 */
	private static final long MAX_WINDOW_SECONDS = 800_000_000L;

	private final MicrosClock clock;

	private final Cache<String, KeyState> buckets;

	private final Object together = new Object();

	/**
	 * Create a limiter.
	 * @param clock the time source
	 * @param maxKeys the most keys tracked
	 */
	public LocalRateLimiter(MicrosClock clock, int maxKeys) {
		this(clock, maxKeys, ForkJoinPool.commonPool());
	}

	/**
	 * Create a limiter whose upkeep runs on the given executor.
	 * @param clock the time source
	 * @param maxKeys the most keys tracked
	 * @param executor runs Caffeine's eviction and expiry upkeep
	 */
	LocalRateLimiter(MicrosClock clock, int maxKeys, Executor executor) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
		}
		this.clock = clock;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfter(new UntilReplenished())
			.ticker(() -> clock.nowMicros() * 1000)
			.executor(executor)
			.build();
	}

	@Override
	public Decision evaluate(DecisionRequest request) {
		return locked(request, null, (states, now) -> decide(states, request, now, true));
	}

	/**
	 * Decide a request, starting a key this limiter does not track yet from the standing
	 * the store last reported for it: the units it had spent of each limit, scaled to the
	 * limits given here, charged at the time of that report, so that what has refilled
	 * since is available and nothing more.
	 * @param request the request
	 * @param standings the store's last standings
	 * @return the decision
	 */
	public Decision evaluate(DecisionRequest request, LastStandings standings) {
		return locked(request, standings, (states, now) -> decide(states, request, now, true));
	}

	@Override
	public List<Decision> evaluateAll(List<DecisionRequest> parts) {
		return evaluateAll(parts, null);
	}

	/**
	 * Decide several clients' requests together, all-or-nothing, as
	 * {@code lua/limits.lua} does for the keys of one call: every part is read first, and
	 * only if each admits its cost is any charged. Composites are decided one at a time;
	 * a single-client request racing between the reading and the charging can take a unit
	 * the composite then takes too, which errs by that unit, never by a part left
	 * uncharged.
	 * @param parts the parts, each a client with its own limits
	 * @param standings the store's last standings to start untracked keys from, or
	 * {@code null}
	 * @return one decision per part, charged only if every part is admitted
	 */
	public List<Decision> evaluateAll(List<DecisionRequest> parts, @Nullable LastStandings standings) {
		synchronized (this.together) {
			List<Decision> standing = new ArrayList<>(parts.size());
			boolean allowed = true;
			for (DecisionRequest part : parts) {
				Decision decision = locked(part, standings, (states, now) -> decide(states, part, now, false));
				standing.add(decision);
				allowed &= decision.allowed();
			}
			if (!allowed) {
				return standing;
			}
			List<Decision> charged = new ArrayList<>(parts.size());
			for (DecisionRequest part : parts) {
				charged.add(locked(part, standings, (states, now) -> charge(states, part, now)));
			}
			return charged;
		}
	}

	/**
	 * Return {@code true}: every key of this node decides together.
	 */
	@Override
	public boolean decidedTogether(String key, String other) {
		return true;
	}

	/**
	 * Charge units to every limit whether they fit or not, as {@code lua/limits.lua} does
	 * in its settle mode: a limit may go at most one burst below empty.
	 * @param request the key, its limits and the units to charge
	 * @return how every limit stands after the charge, reported as admitted
	 */
	@Override
	public Decision settle(DecisionRequest request) {
		return locked(request, null, (states, now) -> charge(states, request, now));
	}

	/**
	 * Give units back to every limit, as {@code lua/limits.lua} does in its refund mode:
	 * a bucket's schedule moves back, at most to now; a window's count goes down, at most
	 * to zero, only in the window charged; a sliding log gives nothing back.
	 * @param request the key, its limits and the units to give back
	 * @param charged the decision that charged them
	 * @param since how long ago that decision was made
	 * @return how every limit stands after the refund, as {@link #peek} reports it
	 */
	@Override
	public Decision refund(DecisionRequest request, Decision charged, Duration since) {
		return locked(request, null, (states, now) -> {
			long[] windows = ChargedWindows.ends(charged, now - Micros.of(since));
			List<LimitSpec> limits = request.limits();
			for (int i = 0; i < limits.size(); i++) {
				LimitSpec spec = limits.get(i);
				LimitState refunded = refunded(spec, states.get(spec.name()), now, request.cost(), windows[i]);
				if (refunded != null) {
					states.put(spec.name(), refunded);
				}
				else {
					states.remove(spec.name());
				}
			}
			return decide(states, new DecisionRequest(request.key(), limits, 1), now, false);
		});
	}

	private static @Nullable LimitState refunded(LimitSpec spec, @Nullable LimitState state, long now, long units,
			long chargedEnd) {
		return switch (spec.algorithm()) {
			case TOKEN_BUCKET -> TokenBucket.refunded(state, spec, now, units);
			case GCRA -> Gcra.refunded(state, spec, now, units);
			case FIXED_WINDOW -> FixedWindow.refunded(state, units, chargedEnd);
			case SLIDING_WINDOW_COUNTER -> SlidingWindowCounter.refunded(state, spec, units, chargedEnd);
			case SLIDING_WINDOW_LOG -> state;
		};
	}

	private static Decision charge(Map<String, LimitState> states, DecisionRequest request, long now) {
		List<LimitOutcome> outcomes = new ArrayList<>(request.limits().size());
		for (LimitSpec spec : request.limits()) {
			LimitProbe probe = probe(spec, states.get(spec.name()), now, request.cost());
			states.put(spec.name(), probe.charge());
			outcomes.add(probe.outcome(true));
		}
		return Decision.of(true, outcomes);
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
		return locked(request, null, (states, now) -> {
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

	/**
	 * Return how long after its last charge a key's state of these limits matters: twice
	 * the longest window among them, since a limit is at most one burst in debt, capped
	 * at about 50 years.
	 * @param limits the limits, at least one
	 * @return the time in microseconds
	 */
	public static long replenishedWithin(List<LimitSpec> limits) {
		return Math.multiplyExact(2,
				limits.stream()
					.mapToLong((limit) -> Math.min(limit.windowSeconds(), MAX_WINDOW_SECONDS))
					.max()
					.orElseThrow())
				* 1_000_000L;
	}

	private <T> T locked(DecisionRequest request, @Nullable LastStandings standings,
			BiFunction<Map<String, LimitState>, Long, T> action) {
		long keep = replenishedWithin(request.limits());
		List<T> result = new ArrayList<>(1);
		this.buckets.asMap().compute(request.key(), (absent, state) -> {
			KeyState charged = (state != null) ? state : started(request, standings);
			long now = this.clock.nowMicros();
			result.add(action.apply(charged.limits, now));
			charged.until = Math.max(charged.until, now + keep);
			return charged;
		});
		return result.get(0);
	}

	/**
	 * Return a new key's state: empty, or spent as the store last reported less the units
	 * this node admitted without the store knowing yet, charged at the time of that
	 * report; without a report, spent by those units, now.
	 */
	private KeyState started(DecisionRequest request, @Nullable LastStandings standings) {
		KeyState state = new KeyState();
		if (standings == null) {
			return state;
		}
		LastStandings.Standing standing = standings.find(request.key());
		long unsettled = standings.unsettled(request.key());
		for (LimitSpec spec : request.limits()) {
			long spent = (standing != null) ? standing.spent(spec, unsettled) : unsettled;
			if (spent > 0) {
				long at = (standing != null) ? standing.at() : this.clock.nowMicros();
				state.limits.put(spec.name(), probe(spec, null, at, spent).charge());
			}
		}
		return state;
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
		List<Decision> standing = new ArrayList<>(1);
		this.buckets.asMap().computeIfPresent(key, (present, state) -> {
			standing.add(decide(state.limits, request, this.clock.nowMicros(), false));
			return state;
		});
		return standing.isEmpty() ? decide(new HashMap<>(), request, this.clock.nowMicros(), false) : standing.get(0);
	}

	/**
	 * Forget a key's state for the given limits, restoring them in full.
	 * @param key the counted client's key
	 * @param limits the limits
	 */
	@Override
	public void reset(String key, List<LimitSpec> limits) {
		this.buckets.asMap().computeIfPresent(key, (present, state) -> {
			limits.forEach((limit) -> state.limits.remove(limit.name()));
			return state.limits.isEmpty() ? null : state;
		});
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
	 * Return the number of keys currently tracked, once pending upkeep has run.
	 * @return the number of keys
	 */
	public long trackedKeys() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	/**
	 * Forget all state of one key: its next request starts afresh.
	 * @param key the key
	 */
	public void forget(String key) {
		this.buckets.invalidate(key);
	}

	/**
	 * One key's state: each limit's by name, and until when it matters.
	 */
	private static final class KeyState {

		private final Map<String, LimitState> limits = new HashMap<>();

		/** When every limit is replenished, in microseconds of the limiter's clock. */
		private long until = Long.MIN_VALUE;

	}

	/**
	 * Expires a key once every limit it was charged against is replenished: twice the
	 * longest window among them after the last charge, read from the states' limits.
	 */
	private static final class UntilReplenished implements Expiry<String, KeyState> {

		@Override
		public long expireAfterCreate(String key, KeyState state, long currentTime) {
			return Math.max(0, state.until * 1000 - currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, KeyState state, long currentTime, long currentDuration) {
			return expireAfterCreate(key, state, currentTime);
		}

		@Override
		public long expireAfterRead(String key, KeyState state, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
