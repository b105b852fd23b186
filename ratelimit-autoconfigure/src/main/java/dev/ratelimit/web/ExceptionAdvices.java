package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.List;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Tells whether an application's {@code @ControllerAdvice} declares an
 * {@code @ExceptionHandler} for one of the limiter's exceptions (or a subclass), on
 * either web stack: that handler then shapes the limiter's refusals. A catch-all handler,
 * such as one for {@code Exception}, does not count: it must not turn a 429 into
 * something else. The starter's own {@link RateLimitExceptionHandler} is no application
 * advice.
 */
public final class ExceptionAdvices {

	private ExceptionAdvices() {
	}

	/**
	 * Return whether an application advice handles one of the given exceptions.
	 * @param beans the application's beans
	 * @param exceptions the limiter's exceptions
	 * @return whether a {@code @ControllerAdvice} declares a handler for one of them
	 */
	public static boolean handle(ListableBeanFactory beans, List<Class<? extends Throwable>> exceptions) {
		for (String name : beans.getBeanNamesForAnnotation(ControllerAdvice.class)) {
			Class<?> type = beans.getType(name);
			if (type != null && !RateLimitExceptionHandler.class.isAssignableFrom(type)
					&& declares(ClassUtils.getUserClass(type), exceptions)) {
				return true;
			}
		}
		return false;
	}

	private static boolean declares(Class<?> type, List<Class<? extends Throwable>> exceptions) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
			ExceptionHandler handler = AnnotatedElementUtils.findMergedAnnotation(method, ExceptionHandler.class);
			if (handler == null) {
				continue;
			}
			Class<?>[] declared = (handler.value().length > 0) ? handler.value() : method.getParameterTypes();
			for (Class<?> exception : declared) {
				if (exceptions.stream().anyMatch((limiter) -> limiter.isAssignableFrom(exception))) {
					return true;
				}
			}
		}
		return false;
	}

}
