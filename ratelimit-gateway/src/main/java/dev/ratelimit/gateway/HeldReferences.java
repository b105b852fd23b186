package dev.ratelimit.gateway;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads what a built route's functions and filters hold in their fields, so that startup
 * checks the filters the routes will apply rather than a second reading of their
 * declarations: filters and the lambdas composing them are opaque to every visitor the
 * gateways offer.
 */
public final class HeldReferences {

	private HeldReferences() {
	}

	/**
	 * Return the values a node holds in its instance fields (its superclasses' included),
	 * directly or in a collection, that a test accepts.
	 * @param node a function or filter of a built route
	 * @param wanted accepts the values to return
	 * @return the values, in field order
	 */
	public static List<Object> of(Object node, Predicate<Object> wanted) {
		List<Object> held = new ArrayList<>();
		for (Class<?> type = node.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
						|| !field.trySetAccessible()) {
					continue;
				}
				Object value;
				try {
					value = field.get(node);
				}
				catch (IllegalAccessException ex) {
					continue;
				}
				if (value == null) {
					continue;
				}
				if (wanted.test(value)) {
					held.add(value);
				}
				else if (value instanceof Collection<?> values) {
					values.stream().filter((element) -> element != null && wanted.test(element)).forEach(held::add);
				}
			}
		}
		return held;
	}

}
