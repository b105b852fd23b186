package dev.ratelimit.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link LimitSpec} is built from values it does not accept, naming the
 * component at fault so that a caller can point at its own name for it, such as a
 * configuration property.
 */
public class InvalidLimitException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String limit;

	private final String component;

	/**
	 * Create an exception about the limit being built.
	 * @param component the record component at fault, such as {@code burst}
	 * @param message the reason, naming the limit and the value
	 */
	public InvalidLimitException(String component, String message) {
		this(null, component, message);
	}

	/**
	 * Create an exception about one limit of several, such as a tier's.
	 * @param limit the name of the limit at fault, {@code null} for the one being built
	 * @param component the record component at fault, such as {@code lease}
	 * @param message the reason, naming the limit and the value
	 */
	public InvalidLimitException(@Nullable String limit, String component, String message) {
		super(message);
		this.limit = limit;
		this.component = component;
	}

	/**
	 * Return the name of the limit at fault when the exception is about one of several.
	 * @return the limit's name, or {@code null} for the limit being built
	 */
	public @Nullable String limit() {
		return this.limit;
	}

	/**
	 * Return the {@link LimitSpec} component at fault, such as {@code burst} or
	 * {@code leaseTtl}.
	 * @return the component's name
	 */
	public String component() {
		return this.component;
	}

}
