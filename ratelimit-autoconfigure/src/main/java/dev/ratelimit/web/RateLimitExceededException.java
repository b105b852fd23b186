package dev.ratelimit.web;

import dev.ratelimit.core.Decision;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Raised when a request is denied. It carries a 429 status, the rate-limit fields of
 * every tier that applied and an RFC 9457 problem body of type
 * {@code https://iana.org/assignments/http-problem-types#quota-exceeded} naming the
 * {@code violated-policies}, so Spring MVC renders it as
 * {@code application/problem+json}; an application's own {@code @ExceptionHandler} can
 * reshape it.
 */
public class RateLimitExceededException extends ErrorResponseException {

	private final String tier;

	private final transient Decision decision;

	/**
	 * Create an exception.
	 * @param tier the tier that denied
	 * @param decision the denial
	 * @param headers the response fields, Retry-After included
	 * @param body the problem body
	 */
	public RateLimitExceededException(String tier, Decision decision, HttpHeaders headers, ProblemDetail body) {
		super(HttpStatus.TOO_MANY_REQUESTS, body, null);
		this.tier = tier;
		this.decision = decision;
		getHeaders().putAll(headers);
	}

	/**
	 * Return the tier that denied the request.
	 * @return the tier's name
	 */
	public String getTier() {
		return this.tier;
	}

	/**
	 * Return the denial.
	 * @return the decision
	 */
	public Decision getDecision() {
		return this.decision;
	}

	@Override
	public String getMessage() {
		return "Rate limit exceeded for tier '" + this.tier + "'";
	}

}
