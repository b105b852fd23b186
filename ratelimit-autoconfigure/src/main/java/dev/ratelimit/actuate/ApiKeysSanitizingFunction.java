package dev.ratelimit.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the API keys listed under {@code ratelimit.tiers.<tier>.api-keys} wherever
 * actuator shows properties ({@code env} and {@code configprops}), even with
 * {@code show-values: always}, in each spelling Boot reports:
 * {@code ratelimit.tiers.paid.api-keys[0]}, {@code ratelimit.tiers.paid.apiKeys[0]}, the
 * whole comma-separated list, and environment variables such as
 * {@code RATELIMIT_TIERS_PAID_APIKEYS_0}.
 * <p>
 * The keys are values, never property names, so masking the values hides them. Two values
 * carry other properties inside them and are masked whole when they name API keys in any
 * spelling (or, for the command line, carry {@code spring.application.json}): the JVM's
 * command line, {@code sun.java.command}, and {@code spring.application.json}. A value
 * split by the command line's own quoting cannot be masked any finer safely.
 */
public class ApiKeysSanitizingFunction implements SanitizingFunction {

	private static final Pattern API_KEYS = Pattern.compile("(?i)api[-_]?keys");

	private static final Pattern APPLICATION_JSON = Pattern.compile("(?i)spring[._]application[._]json");

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (isApiKeys(data.getKey())) {
			return data.withSanitizedValue();
		}
		if (data.getValue() instanceof String value) {
			if (data.getKey().equals("sun.java.command")
					&& (API_KEYS.matcher(value).find() || APPLICATION_JSON.matcher(value).find())) {
				return data.withSanitizedValue();
			}
			if (isApplicationJson(data.getKey()) && API_KEYS.matcher(value).find()) {
				return data.withSanitizedValue();
			}
		}
		return data;
	}

	private static boolean isApplicationJson(String key) {
		return key.equals("spring.application.json") || key.equals("SPRING_APPLICATION_JSON");
	}

	/**
	 * Whether the property is a tier's {@code api-keys} or one of its elements: it starts
	 * with {@code ratelimit.tiers}, ends with {@code api-keys} and any number of indices,
	 * and has a tier name in between. The name is matched from both ends because a tier
	 * name may hold any character.
	 */
	private static boolean isApiKeys(String key) {
		List<String> parts = parts(key);
		int end = parts.size();
		while (end > 0 && isIndex(parts.get(end - 1))) {
			end--;
		}
		if (end >= 1 && parts.get(end - 1).equals("apikeys")) {
			end -= 1;
		}
		else if (end >= 2 && parts.get(end - 2).equals("api") && parts.get(end - 1).equals("keys")) {
			end -= 2;
		}
		else {
			return false;
		}
		return end >= 3 && parts.get(0).equals("ratelimit") && parts.get(1).equals("tiers");
	}

	private static List<String> parts(String key) {
		List<String> parts = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
			if (c == '.' || c == '_' || c == '[' || c == ']') {
				if (!part.isEmpty()) {
					parts.add(part.toString());
					part.setLength(0);
				}
			}
			else if (c != '-') {
				part.append(c);
			}
		}
		if (!part.isEmpty()) {
			parts.add(part.toString());
		}
		return parts;
	}

	private static boolean isIndex(String part) {
		return part.chars().allMatch(Character::isDigit);
	}

}
