package dev.ratelimit.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The configured tiers by name, and the static plan map from API key to plan tier.
 */
public final class TierRegistry {

	private final Map<String, Tier> tiers = new LinkedHashMap<>();

	private final Map<String, String> keyTiers;

	/**
	 * Create a registry.
	 * @param tiers the tiers
	 * @param keyTiers API key to tier name; every name must be one of the tiers and a
	 * {@linkplain Tier#plan() plan}
	 * @throws IllegalArgumentException if a listed key names an unknown or purpose tier
	 */
	public TierRegistry(List<Tier> tiers, Map<String, String> keyTiers) {
		tiers.forEach((tier) -> this.tiers.put(tier.name(), tier));
		// the messages name the tier, never the key: a startup failure is logged
		keyTiers.forEach((key, tier) -> {
			if (!contains(tier)) {
				throw new IllegalArgumentException(
						"A listed API key names unknown tier '" + tier + "'; known tiers: " + names());
			}
			if (!require(tier).plan()) {
				throw new IllegalArgumentException("A listed API key names tier '" + tier
						+ "', which is not a plan: a listed key may only choose among plans, never replace an "
						+ "endpoint's purpose tier");
			}
		});
		this.keyTiers = Map.copyOf(keyTiers);
	}

	/**
	 * Return the tier with the given name.
	 * @param name the name
	 * @return the tier
	 * @throws IllegalArgumentException if there is no such tier
	 */
	public Tier require(String name) {
		Tier tier = this.tiers.get(name);
		if (tier == null) {
			throw new IllegalArgumentException("Unknown tier '" + name + "'; known tiers: " + this.tiers.keySet());
		}
		return tier;
	}

	/**
	 * Return whether a tier of that name exists.
	 * @param name the name
	 * @return whether it exists
	 */
	public boolean contains(String name) {
		return this.tiers.containsKey(name);
	}

	/**
	 * Return the tier assigned to an API key by the plan map.
	 * @param apiKey the API key
	 * @return the tier's name, or {@code null} if the key is not listed
	 */
	public @Nullable String tierForApiKey(String apiKey) {
		return this.keyTiers.get(apiKey);
	}

	/**
	 * Return whether an API key is listed in the plan map.
	 * @param apiKey the API key
	 * @return whether it is listed
	 */
	public boolean isListed(String apiKey) {
		return this.keyTiers.containsKey(apiKey);
	}

	/**
	 * Return whether a tier of that name exists and is a {@linkplain Tier#plan() plan}.
	 * @param name the name
	 * @return whether it is a plan
	 */
	public boolean isPlan(String name) {
		Tier tier = this.tiers.get(name);
		return tier != null && tier.plan();
	}

	/**
	 * Return the names of all tiers.
	 * @return the names
	 */
	public Set<String> names() {
		return this.tiers.keySet();
	}

}
