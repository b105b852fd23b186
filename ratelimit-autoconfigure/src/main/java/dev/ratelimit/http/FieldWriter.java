package dev.ratelimit.http;

/**
 * Where the rate-limit response fields are written: a servlet response, a reactive
 * response's headers, an exception's headers.
 */
@FunctionalInterface
public interface FieldWriter {

	/**
	 * Set a field, replacing any value it had.
	 * @param name the field's name
	 * @param value its value
	 */
	void set(String name, String value);

}
