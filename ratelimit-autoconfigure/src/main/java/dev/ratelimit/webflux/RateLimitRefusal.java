package dev.ratelimit.webflux;

import dev.ratelimit.http.RateLimitReport;

import org.springframework.http.HttpHeaders;

/**
 * Signals that a WebFlux request is refused (429, or 503 for a tier failing closed while
 * the store is away), carrying the report and the fields its response renders; the edges
 * write it with {@link RejectionResponses}. Without a stack trace: it is an answer, not a
 * failure.
 */
public class RateLimitRefusal extends RuntimeException {

	private final transient RateLimitReport report;

	private final transient HttpHeaders fields;

	RateLimitRefusal(RateLimitReport report, HttpHeaders fields) {
		super("Refused with " + report.status().value(), null, false, false);
		this.report = report;
		this.fields = fields;
	}

	/**
	 * Return the report of the refused request.
	 * @return the report
	 */
	public RateLimitReport getReport() {
		return this.report;
	}

	/**
	 * Return the response fields of the refusal, {@code Retry-After} included.
	 * @return the fields
	 */
	public HttpHeaders getFields() {
		return this.fields;
	}

}
