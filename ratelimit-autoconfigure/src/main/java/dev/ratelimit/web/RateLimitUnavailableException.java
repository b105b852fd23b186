package dev.ratelimit.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Raised when the limiter cannot decide and the tier fails closed: 503 Service
 * Unavailable with Retry-After and a problem body of type
 * {@code https://iana.org/assignments/http-problem-types#temporary-reduced-capacity},
 * since it is not the client's fault.
 */
public class RateLimitUnavailableException extends ErrorResponseException {

	private final String tier;

	/**
	 * Create an exception.
	 * @param tier the tier that failed closed
	 * @param retryAfterSeconds when to retry
	 * @param path the request path, echoed as the problem instance
	 */
	public RateLimitUnavailableException(String tier, long retryAfterSeconds, String path) {
		super(HttpStatus.SERVICE_UNAVAILABLE, RateLimitProblems.temporaryReducedCapacity(tier, retryAfterSeconds, path),
				null);
		this.tier = tier;
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
	}

	/**
	 * Return the tier that failed closed.
	 * @return the tier's name
	 */
	public String getTier() {
		return this.tier;
	}

	@Override
	public String getMessage() {
		return "Rate limiter unavailable for tier '" + this.tier + "'";
	}

}
