package dev.ratelimit.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.autoconfigure.RateLimitProperties.TierProperties;

/**
 * Collects the API keys listed under {@code ratelimit.tiers.<tier>.api-keys} into the
 * plan map, failing startup on a key that cannot be enforced as written.
 * <p>
 * The failures name the property and the index, never the key: a startup failure is
 * logged. They are not {@code InvalidConfigurationPropertyValueException}s on purpose:
 * Boot's failure analyzer prints the value it finds in the environment under the named
 * property, which for a comma-separated list would be the keys.
 */
final class ListedApiKeys {

	private ListedApiKeys() {
	}

	static Map<String, String> collect(Map<String, TierProperties> tiers) {
		Map<String, String> keyTiers = new LinkedHashMap<>();
		Map<String, String> listedAt = new LinkedHashMap<>();
		tiers.forEach((tier, properties) -> {
			String property = "ratelimit.tiers." + tier + ".api-keys";
			List<String> keys = properties.getApiKeys();
			if (!keys.isEmpty() && !properties.isPlan()) {
				throw invalid(property,
						"tier '" + tier + "' is not a plan: only a plan tier may list API keys "
								+ "(set ratelimit.tiers." + tier + ".plan=true), so a key never replaces an endpoint's "
								+ "purpose tier");
			}
			for (int i = 0; i < keys.size(); i++) {
				String key = keys.get(i);
				String element = property + "[" + i + "]";
				if (key == null || key.isBlank()) {
					throw invalid(element, "is blank");
				}
				if (!key.equals(key.strip())) {
					throw invalid(element, "has leading or trailing whitespace, which a request header never carries");
				}
				String first = listedAt.putIfAbsent(key, element);
				if (first != null) {
					throw invalid(element,
							"lists the same API key as " + first + "; a key is listed once, on one plan");
				}
				keyTiers.put(key, tier);
			}
		});
		return keyTiers;
	}

	private static IllegalStateException invalid(String property, String reason) {
		return new IllegalStateException("Invalid configuration property '" + property + "': " + reason);
	}

}
