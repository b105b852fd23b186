package dev.ratelimit.web;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Raised when the limiter cannot decide and the tier fails closed: 503 Service
 * Unavailable with Retry-After and a problem body, since it is not the client's fault.
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
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(tier, retryAfterSeconds, path), null);
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

	private static ProblemDetail problem(String tier, long retryAfterSeconds, String path) {
		ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.SERVICE_UNAVAILABLE);
		problem.setTitle("Service Unavailable");
		problem.setDetail("Rate limiting for tier '" + tier + "' is temporarily unavailable and this tier fails "
				+ "closed; retry in " + retryAfterSeconds + " s.");
		try {
			problem.setInstance(URI.create(path.isEmpty() ? "/" : path));
		}
		catch (IllegalArgumentException ex) {
			// an unparseable path is simply not echoed back
		}
		problem.setProperty("tier", tier);
		problem.setProperty("reason", "limiter-unavailable");
		problem.setProperty("retryAfter", retryAfterSeconds);
		return problem;
	}

}
