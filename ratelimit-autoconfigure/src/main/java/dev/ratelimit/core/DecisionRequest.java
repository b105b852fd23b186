package dev.ratelimit.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A validated request for a decision: who is counted, against which limits, at what cost.
 *
 * @param key the counted client's key (already bounded in length by the caller)
 * @param limits the limits decided together, with distinct names
 * @param cost the units the request takes from every limit, at least 1
 */
public record DecisionRequest(String key, List<LimitSpec> limits, long cost) {

	/**
	 * Validate the request.
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
		Set<String> names = new HashSet<>();
		for (LimitSpec limit : limits) {
			if (!names.add(limit.name())) {
				throw new IllegalArgumentException("Limit names must be distinct but '" + limit.name() + "' repeats");
			}
		}
		limits = List.copyOf(limits);
	}

	/**
	 * Return a denial if the cost exceeds the burst of any limit, since no wait could
	 * ever admit it.
	 * @return the denial, or {@code null} if the cost fits every limit
	 */
	public @Nullable Decision denialIfCostExceedsCapacity() {
		if (this.limits.stream().allMatch((limit) -> this.cost <= limit.burst())) {
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
