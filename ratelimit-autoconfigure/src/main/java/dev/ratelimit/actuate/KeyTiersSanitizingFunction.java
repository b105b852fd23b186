package dev.ratelimit.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks every value under {@code ratelimit.key-tiers} wherever actuator shows properties
 * ({@code env} and {@code configprops}), even with {@code show-values: always}, in each
 * spelling Boot reports: {@code ratelimit.key-tiers.[key]},
 * {@code ratelimit.keyTiers.key} and the environment variable
 * {@code RATELIMIT_KEYTIERS_...}.
 * <p>
 * A sanitizing function replaces values only: the property <em>name</em>, which holds the
 * API key, stays visible in both endpoints whatever functions run. Keep those endpoints
 * behind authentication, or let an {@code ApiKeyVerifier} bean know the keys instead of
 * listing them in properties.
 */
public class KeyTiersSanitizingFunction implements SanitizingFunction {

	private static final String PREFIX = "ratelimitkeytiers";

	@Override
	public SanitizableData apply(SanitizableData data) {
		return isKeyTier(data.getKey()) ? data.withSanitizedValue() : data;
	}

	private static boolean isKeyTier(String key) {
		int matched = 0;
		for (int i = 0; i < key.length() && matched < PREFIX.length(); i++) {
			char c = Character.toLowerCase(key.charAt(i));
			if (Character.isLetterOrDigit(c)) {
				if (c != PREFIX.charAt(matched)) {
					return false;
				}
				matched++;
			}
		}
		return matched == PREFIX.length();
	}

}
