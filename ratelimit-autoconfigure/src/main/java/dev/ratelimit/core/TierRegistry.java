package dev.ratelimit.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The configured tiers by name, and the static plan map from API key to tier.
 */
public final class TierRegistry {

	private final Map<String, Tier> tiers = new LinkedHashMap<>();

	private final Map<String, String> keyTiers;

	/**
	 * Create a registry.
	 * @param tiers the tiers
	 * @param keyTiers API key to tier name; every name must be one of the tiers
	 */
	public TierRegistry(List<Tier> tiers, Map<String, String> keyTiers) {
		tiers.forEach((tier) -> this.tiers.put(tier.name(), tier));
		keyTiers.forEach((key, tier) -> require(tier));
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
	 * Return the names of all tiers.
	 * @return the names
	 */
	public Set<String> names() {
		return this.tiers.keySet();
	}

}
