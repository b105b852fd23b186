package dev.ratelimit.web;

import java.util.Objects;

import dev.ratelimit.core.Decision;
import dev.ratelimit.http.RateLimitHeaders;
import dev.ratelimit.http.RateLimitProblems;
import dev.ratelimit.http.RateLimitReport;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Raised when a request is denied. It carries a 429 status, the rate-limit fields of
 * every tier that applied and an RFC 9457 problem body of type
 * {@code https://iana.org/assignments/http-problem-types#quota-exceeded} naming the
 * {@code violated-policies}, both rendered from the request's one
 * {@link RateLimitReport}, so Spring MVC renders it as {@code application/problem+json};
 * an application's own {@code @ExceptionHandler} can reshape it.
 */
public class RateLimitExceededException extends ErrorResponseException {

	private final transient RateLimitReport report;

	/**
	 * Create an exception.
	 * @param report the report of the denial
	 * @param headers writes the response fields
	 * @param path the request path, echoed as the problem instance
	 */
	public RateLimitExceededException(RateLimitReport report, RateLimitHeaders headers, String path) {
		super(HttpStatus.TOO_MANY_REQUESTS, RateLimitProblems.of(report, path), null);
		this.report = report;
		headers.write(report, getHeaders()::set);
	}

	/**
	 * Return the tier that denied the request.
	 * @return the tier's name
	 */
	public String getTier() {
		return refusal().tier();
	}

	/**
	 * Return the denial.
	 * @return the decision
	 */
	public Decision getDecision() {
		return Objects.requireNonNull(refusal().decision());
	}

	/**
	 * Return the report of the denial, which the fields and the body render.
	 * @return the report
	 */
	public RateLimitReport getReport() {
		return this.report;
	}

	private RateLimitReport.Refusal refusal() {
		return Objects.requireNonNull(this.report.refusal());
	}

	@Override
	public String getMessage() {
		return "Rate limit exceeded for tier '" + getTier() + "'";
	}

}
