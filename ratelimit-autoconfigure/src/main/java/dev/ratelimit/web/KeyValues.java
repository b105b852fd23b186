package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ObjectUtils;

/**
 * Turns the value of a {@link RateLimited#key()} expression into a stable string, the
 * same for equal values on every call and every node: arrays and collections become their
 * elements' strings in brackets, sets and maps sorted, so that {@code new String[] {"a"}}
 * does not become a new {@code [Ljava.lang.String;@1b6d3586} identity on every request.
 * Each element is prefixed with its length, so that no element's text can pass for two
 * ({@code ["a, b"]} and {@code ["a", "b"]} stay apart). Any other value is its
 * {@code toString()}, so a key expression should produce strings, numbers or records, and
 * normalise what should count together, such as {@code #login.username().toLowerCase()}.
 * A value with no stable string (empty, or of a class that keeps {@link Object}'s
 * identity {@code toString()}, which is new for every instance) has no key.
 */
final class KeyValues {

	private static final ClassValue<Boolean> IDENTITY_STRING = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			try {
				return type.getMethod("toString").getDeclaringClass() == Object.class;
			}
			catch (NoSuchMethodException ex) {
				return true;
			}
		}
	};

	private KeyValues() {
	}

	/**
	 * Return the key of a value.
	 * @param value the expression's value
	 * @return the key, or {@code null} when the value has no stable, non-empty string
	 */
	static @Nullable String toKey(Object value) {
		try {
			String key = key(value);
			return key.isEmpty() ? null : key;
		}
		catch (UnstableValueException ex) {
			return null;
		}
	}

	private static String key(Object value) {
		if (value instanceof CharSequence text) {
			return text.toString();
		}
		if (value instanceof Optional<?> optional) {
			return optional.map(KeyValues::key).orElse("");
		}
		if (value.getClass().isArray()) {
			List<String> elements = new ArrayList<>();
			for (Object element : ObjectUtils.toObjectArray(value)) {
				elements.add(element(element));
			}
			return "[" + String.join(",", elements) + "]";
		}
		if (value instanceof Map<?, ?> map) {
			List<String> entries = new ArrayList<>();
			map.forEach((key, entry) -> entries.add(element(key) + "=" + element(entry)));
			entries.sort(null);
			return "{" + String.join(",", entries) + "}";
		}
		if (value instanceof Collection<?> collection) {
			List<String> elements = new ArrayList<>();
			collection.forEach((element) -> elements.add(element(element)));
			if (value instanceof Set<?>) {
				elements.sort(null);
			}
			return "[" + String.join(",", elements) + "]";
		}
		if (IDENTITY_STRING.get(value.getClass())) {
			throw new UnstableValueException();
		}
		return value.toString();
	}

	private static String element(@Nullable Object element) {
		if (element == null) {
			return "null";
		}
		String key = key(element);
		return key.length() + ":" + key;
	}

	/**
	 * Thrown where a value, or one of its elements, has only an identity string.
	 */
	private static final class UnstableValueException extends RuntimeException {

		UnstableValueException() {
			super(null, null, false, false);
		}

	}

}
