package dev.ratelimit.autoconfigure;

import java.util.function.Supplier;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The one way a configuration property is validated: a startup failure that names the
 * property, its value and the reason. Either the part built from it validates (its
 * {@link IllegalArgumentException} becomes the failure: the rule lives in the part, the
 * property's name here), or a rule that belongs to the configuration alone is checked
 * with {@link #require}.
 */
final class ValidProperty {

	private ValidProperty() {
	}

	/**
	 * Build a part from a property's value.
	 * @param property the property's name
	 * @param value its value, as the message shows it
	 * @param part builds the part, throwing {@link IllegalArgumentException} for a bad
	 * value
	 * @return the part
	 */
	static <T> T of(String property, Object value, Supplier<T> part) {
		try {
			return part.get();
		}
		catch (IllegalArgumentException ex) {
			throw invalid(property, value, ex.getMessage());
		}
	}

	/**
	 * Fail startup unless a property's value is valid.
	 * @param valid whether it is
	 * @param property the property's name
	 * @param value its value, as the message shows it
	 * @param reason what a valid value is
	 */
	static void require(boolean valid, String property, Object value, String reason) {
		if (!valid) {
			throw invalid(property, value, reason);
		}
	}

	/**
	 * Return the startup failure for a property's invalid value.
	 * @param property the property's name
	 * @param value its value, as the message shows it
	 * @param reason what a valid value is
	 * @return the failure to throw
	 */
	static InvalidConfigurationPropertyValueException invalid(String property, Object value, String reason) {
		return new InvalidConfigurationPropertyValueException(property, value, reason);
	}

}
