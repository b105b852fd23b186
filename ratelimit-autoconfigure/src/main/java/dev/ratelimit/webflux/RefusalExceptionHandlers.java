package dev.ratelimit.webflux;

import java.lang.reflect.Method;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Tells whether an application's {@code @ControllerAdvice} declares an
 * {@code @ExceptionHandler} for {@link RateLimitRefusal} (or a subclass), which then
 * answers the refusals of annotated handlers in place of {@link RejectionResponses}. A
 * catch-all handler, such as one for {@code Exception}, does not count: it must not turn
 * a 429 into something else.
 */
public final class RefusalExceptionHandlers {

	private RefusalExceptionHandlers() {
	}

	/**
	 * Return whether an application advice handles refusals.
	 * @param beans the application's beans
	 * @return whether a {@code @ControllerAdvice} declares a handler for
	 * {@link RateLimitRefusal}
	 */
	public static boolean declaredIn(ListableBeanFactory beans) {
		for (String name : beans.getBeanNamesForAnnotation(ControllerAdvice.class)) {
			Class<?> type = beans.getType(name);
			if (type != null && handlesRefusals(ClassUtils.getUserClass(type))) {
				return true;
			}
		}
		return false;
	}

	private static boolean handlesRefusals(Class<?> type) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
			ExceptionHandler handler = AnnotatedElementUtils.findMergedAnnotation(method, ExceptionHandler.class);
			if (handler == null) {
				continue;
			}
			Class<?>[] declared = (handler.value().length > 0) ? handler.value() : method.getParameterTypes();
			for (Class<?> exception : declared) {
				if (RateLimitRefusal.class.isAssignableFrom(exception)) {
					return true;
				}
			}
		}
		return false;
	}

}
