package dev.ratelimit.web;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
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
		if (this.context == null) {
			return false;
		}
		for (String name : this.context.getBeanNamesForAnnotation(ControllerAdvice.class)) {
			Class<?> type = this.context.getType(name);
			if (type != null && !RateLimitExceptionHandler.class.isAssignableFrom(type)
					&& handlesDenials(ClassUtils.getUserClass(type))) {
				return true;
			}
		}
		return false;
	}

	private static boolean handlesDenials(Class<?> type) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
			ExceptionHandler handler = AnnotatedElementUtils.findMergedAnnotation(method, ExceptionHandler.class);
			if (handler == null) {
				continue;
			}
			Class<?>[] declared = (handler.value().length > 0) ? handler.value() : method.getParameterTypes();
			for (Class<?> exception : declared) {
				if (RateLimitExceededException.class.isAssignableFrom(exception)
						|| RateLimitUnavailableException.class.isAssignableFrom(exception)) {
					return true;
				}
			}
		}
		return false;
	}

}
