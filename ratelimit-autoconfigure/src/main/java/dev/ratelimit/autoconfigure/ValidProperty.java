package dev.ratelimit.autoconfigure;

import java.util.function.Supplier;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Builds a part from a configuration property, turning the part's own validation failure
 * into a startup failure that names the property: the rule lives in the part, the
 * property's name here.
 */
final class ValidProperty {

	private ValidProperty() {
	}

	static <T> T of(String property, Object value, Supplier<T> part) {
		try {
			return part.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, value, ex.getMessage());
		}
	}

}
