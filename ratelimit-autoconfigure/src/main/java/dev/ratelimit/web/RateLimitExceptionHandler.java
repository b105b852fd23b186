package dev.ratelimit.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders {@link RateLimitExceededException} as a 429 and {@link RateLimitUnavailableException}
 * as a 503 {@code application/problem+json} response with their fields. Ordered last, so an application's own
 * {@code @ControllerAdvice} handling the exception wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class RateLimitExceptionHandler {

	/**
	 * Render a denial.
	 * @param ex the denial
	 * @return the response
	 */
	@ExceptionHandler(RateLimitExceededException.class)
	public ResponseEntity<ProblemDetail> handle(RateLimitExceededException ex) {
		return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
	}

	/**
	 * Render a fail-closed refusal.
	 * @param ex the refusal
	 * @return the response
	 */
	@ExceptionHandler(RateLimitUnavailableException.class)
	public ResponseEntity<ProblemDetail> handle(RateLimitUnavailableException ex) {
		return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
	}

}
