package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A request for a decision: who is counted, against which limits, at what cost. Its
 * limits are a {@link Tier}'s, whose names the tier checked distinct when it was built;
 * limits from anywhere else go through {@link #checked}.
 *
 * @param key the counted client's key (already bounded in length by the caller)
 * @param limits the limits decided together, with distinct names
 * @param cost the units the request takes from every limit, at least 1
 */
public record DecisionRequest(String key, List<LimitSpec> limits, long cost) {

	/**
	 * Check the request's key, limits and cost.
	 * @throws IllegalArgumentException naming the bad value
	 */
	public DecisionRequest {
		if (key == null || key.isEmpty()) {
			throw new IllegalArgumentException("Key must not be empty");
		}
		if (limits == null || limits.isEmpty()) {
			throw new IllegalArgumentException("At least one limit is required for key decisions");
		}
		if (cost < 1) {
			throw new IllegalArgumentException("Cost must be at least 1 but was " + cost);
		}
		limits = List.copyOf(limits);
	}

	/**
	 * Create a request of limits that no {@link Tier} checked, checking that their names
	 * are distinct.
	 * @param key the counted client's key
	 * @param limits the limits decided together
	 * @param cost the units the request takes, at least 1
	 * @return the request
	 * @throws IllegalArgumentException naming the bad value
	 */
	public static DecisionRequest checked(String key, List<LimitSpec> limits, long cost) {
		requireDistinctNames(limits);
		return new DecisionRequest(key, limits, cost);
	}

	/**
	 * Check that limits decided together have distinct names, which key their state.
	 * @param limits the limits
	 * @throws IllegalArgumentException naming the repeated name
	 */
	static void requireDistinctNames(List<LimitSpec> limits) {
		Set<String> names = new HashSet<>();
		for (LimitSpec limit : limits) {
			if (!names.add(limit.name())) {
				throw new IllegalArgumentException("Limit names must be distinct but '" + limit.name() + "' repeats");
			}
		}
	}

	private boolean fitsCapacity() {
		for (LimitSpec limit : this.limits) {
			if (this.cost > limit.burst()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return a denial if the cost exceeds the burst of any limit, since no wait could
	 * ever admit it.
	 * @return the denial, or {@code null} if the cost fits every limit
	 */
	public @Nullable Decision denialIfCostExceedsCapacity() {
		if (fitsCapacity()) {
			return null;
		}
		List<LimitOutcome> outcomes = new ArrayList<>();
		LimitOutcome deciding = null;
		for (LimitSpec limit : this.limits) {
			LimitOutcome outcome = new LimitOutcome(limit, 0, Duration.ZERO, Duration.ZERO);
			outcomes.add(outcome);
			if (deciding == null && this.cost > limit.burst()) {
				deciding = outcome;
			}
		}
		return new Decision(false, Decision.Reason.COST_EXCEEDS_CAPACITY, deciding, outcomes);
	}

}
