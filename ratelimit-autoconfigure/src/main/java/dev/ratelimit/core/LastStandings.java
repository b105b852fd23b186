package dev.ratelimit.core;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import org.jspecify.annotations.Nullable;

/**
 * This node's memory of how the shared store last said each recently decided key stood,
 * so that the local fallback starts a client where the store left it rather than full: a
 * client denied before an outage stays denied during it.
 * <p>
 * At most {@code maxKeys} keys are kept, in a Caffeine cache; past the bound W-TinyLFU
 * evicts the keys seen least often, in amortised constant time. A standing is kept until
 * its limits have refilled in full even from one burst in debt, twice the longest of
 * their windows after it was reported (a month for a limit per fortnight, two minutes for
 * one per minute): by then a client left alone has refilled anyway and the standing is
 * worth nothing. A key without a standing starts with the full share.
 * <p>
 * What this node admitted for a key and has not yet charged to the store is not in the
 * store's answer: the {@code unsettled} function reports it, so that a client starts from
 * the standing less those units.
 */
public final class LastStandings {

	private final MicrosClock clock;

	private final Cache<String, Standing> standings;

	private final ToLongFunction<String> unsettled;

	/**
	 * Create an empty memory for a node that owes the store nothing.
	 * @param clock the clock of the local fallback that starts from these standings
	 * @param maxKeys the most keys kept
	 */
	public LastStandings(MicrosClock clock, int maxKeys) {
		this(clock, maxKeys, (key) -> 0);
	}

	/**
	 * Create an empty memory.
	 * @param clock the clock of the local fallback that starts from these standings
	 * @param maxKeys the most keys kept
	 * @param unsettled returns the units this node admitted for a key and has not yet
	 * charged to the store
	 */
	public LastStandings(MicrosClock clock, int maxKeys, ToLongFunction<String> unsettled) {
		this(clock, maxKeys, unsettled, ForkJoinPool.commonPool());
	}

	LastStandings(MicrosClock clock, int maxKeys, ToLongFunction<String> unsettled, Executor executor) {
		if (maxKeys < 1) {
			throw new IllegalArgumentException("maxKeys must be at least 1 but was " + maxKeys);
		}
		this.clock = clock;
		this.unsettled = unsettled;
		this.standings = DeadlineCache.create(clock, maxKeys, Standing::until, executor);
	}

	/**
	 * Remember how the store says a key stands now.
	 * @param key the counted client's key
	 * @param decision the store's decision
	 */
	public void remember(String key, Decision decision) {
		long now = this.clock.nowMicros();
		List<LimitSpec> limits = Stream.concat(Stream.of(decision.deciding()), decision.outcomes().stream())
			.map(LimitOutcome::spec)
			.toList();
		this.standings.put(key, new Standing(decision, now, now + LocalRateLimiter.replenishedWithin(limits)));
	}

	/**
	 * Forget a key's standing, such as after a reset.
	 * @param key the counted client's key
	 */
	public void forget(String key) {
		this.standings.invalidate(key);
	}

	@Nullable Standing find(String key) {
		return this.standings.getIfPresent(key);
	}

	long unsettled(String key) {
		return this.unsettled.applyAsLong(key);
	}

	/**
	 * The store's last decision of a key and when it came.
	 *
	 * @param decision the decision
	 * @param at when it came, in microseconds of the fallback's clock
	 * @param until when its limits have refilled in full, in microseconds of that clock
	 */
	record Standing(Decision decision, long at, long until) {

		/**
		 * Return the units of a limit, scaled to a share of it, that the standing says
		 * were spent once the unsettled units are taken from what it says remained: the
		 * share's burst less the remaining units scaled to the share, rounded down; zero
		 * for a limit the store did not report.
		 */
		long spent(LimitSpec share, long unsettled) {
			for (LimitOutcome outcome : this.decision.outcomes()) {
				LimitSpec full = outcome.spec();
				if (full.name().equals(share.name()) && full.algorithm() == share.algorithm()
						&& full.period().equals(share.period())) {
					long remaining = Math.max(0, Math.min(outcome.remaining(), full.burst()) - unsettled);
					return share.burst() - Micros.floorMulDiv(remaining, share.burst(), full.burst());
				}
			}
			return 0;
		}

	}

}
