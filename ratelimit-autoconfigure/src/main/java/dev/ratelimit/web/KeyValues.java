package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.util.ObjectUtils;

/**
 * Turns the value of a {@link RateLimited#key()} expression into a stable string, the
 * same for equal values on every call and every node: arrays and collections become their
 * elements' strings in brackets, sets and maps sorted, so that {@code new String[] {"a"}}
 * does not become a new {@code [Ljava.lang.String;@1b6d3586} identity on every request.
 * Any other value is its {@code toString()}, so a key expression should produce strings,
 * numbers or records, and normalise what should count together, such as
 * {@code #login.username().toLowerCase()}.
 */
final class KeyValues {

	private KeyValues() {
	}

	static String toKey(Object value) {
		if (value instanceof CharSequence text) {
			return text.toString();
		}
		if (value instanceof Optional<?> optional) {
			return optional.map(KeyValues::toKey).orElse("");
		}
		if (value.getClass().isArray()) {
			List<String> elements = new ArrayList<>();
			for (Object element : ObjectUtils.toObjectArray(value)) {
				elements.add(element(element));
			}
			return "[" + String.join(", ", elements) + "]";
		}
		if (value instanceof Map<?, ?> map) {
			List<String> entries = new ArrayList<>();
			map.forEach((key, entry) -> entries.add(element(key) + "=" + element(entry)));
			entries.sort(null);
			return "{" + String.join(", ", entries) + "}";
		}
		if (value instanceof Collection<?> collection) {
			List<String> elements = new ArrayList<>();
			collection.forEach((element) -> elements.add(element(element)));
			if (value instanceof Set<?>) {
				elements.sort(null);
			}
			return "[" + String.join(", ", elements) + "]";
		}
		return value.toString();
	}

	private static String element(Object element) {
		return (element != null) ? toKey(element) : "null";
	}

}
