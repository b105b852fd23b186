package dev.ratelimit.web;

import java.util.Objects;

import dev.ratelimit.http.RateLimitHeaders;
import dev.ratelimit.http.RateLimitProblems;
import dev.ratelimit.http.RateLimitReport;

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
	 * @param report the report of the refusal
	 * @param headers writes the response fields
	 * @param path the request path, echoed as the problem instance
	 */
	public RateLimitUnavailableException(RateLimitReport report, RateLimitHeaders headers, String path) {
		super(HttpStatus.SERVICE_UNAVAILABLE, RateLimitProblems.of(report, path), null);
		this.tier = Objects.requireNonNull(report.refusal()).tier();
		headers.write(report, getHeaders()::set);
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
