package dev.ratelimit.core;

/**
 * Thrown when the shared store cannot decide in time: it is unreachable, failing or
 * slower than the configured timeout. The request's fate then depends on the failure
 * policy.
 */
public class RateLimitBackendException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public RateLimitBackendException(String message, Throwable cause) {
		super(message, cause);
	}

}
