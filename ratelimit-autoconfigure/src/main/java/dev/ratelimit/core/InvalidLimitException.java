package dev.ratelimit.core;

/**
 * Thrown when a {@link LimitSpec} is built from values it does not accept, naming the
 * component at fault so that a caller can point at its own name for it, such as a
 * configuration property.
 */
public class InvalidLimitException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String component;

	/**
	 * Create an exception.
	 * @param component the record component at fault, such as {@code burst}
	 * @param message the reason, naming the limit and the value
	 */
	public InvalidLimitException(String component, String message) {
		super(message);
		this.component = component;
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
