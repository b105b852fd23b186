package dev.ratelimit.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Renders {@link RateLimitExceededException} as a 429 and
 * {@link RateLimitUnavailableException} as a 503 {@code application/problem+json}
 * response with their fields.
 * <p>
 * Ordered first, so an application's catch-all {@code @ExceptionHandler(Exception.class)}
 * does not turn denials into something else. An application advice that declares a
 * handler for either of these exceptions (or a subclass) takes over: this advice then
 * orders itself last, so the application's handler shapes the response.
 */
@RestControllerAdvice
public class RateLimitExceptionHandler implements Ordered, ApplicationContextAware {

	private @Nullable ApplicationContext context;

	private @Nullable Integer order;

	@Override
	public void setApplicationContext(ApplicationContext context) throws BeansException {
		this.context = context;
	}

	@Override
	public int getOrder() {
		Integer order = this.order;
		if (order == null) {
			order = applicationHandlesDenials() ? Ordered.LOWEST_PRECEDENCE : Ordered.HIGHEST_PRECEDENCE;
			this.order = order;
		}
		return order;
	}

	/**
	 * Render a denial (429) or a fail-closed refusal (503) with its fields and body.
	 * @param ex the denial or refusal
	 * @return the response
	 */
	@ExceptionHandler({ RateLimitExceededException.class, RateLimitUnavailableException.class })
	public ResponseEntity<ProblemDetail> handle(ErrorResponseException ex) {
		return ResponseEntity.status(ex.getStatusCode()).headers(ex.getHeaders()).body(ex.getBody());
	}

	private boolean applicationHandlesDenials() {
		return this.context != null && ExceptionAdvices.handle(this.context,
				List.of(RateLimitExceededException.class, RateLimitUnavailableException.class));
	}

}
