package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import org.aopalliance.aop.Advice;
import org.aopalliance.intercept.MethodInterceptor;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.stereotype.Controller;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * Charges the {@link RateLimited} declarations whose key expression reads the handler
 * method's arguments, such as a {@code @RequestBody}: a Spring AOP advisor whose pointcut
 * uses the same lookup as startup validation ({@link DeclaredRateLimits}), so interface
 * methods, composed annotations and class declarations on inherited methods are all
 * advised. Declarations needing no argument are charged earlier, by the
 * {@link RateLimitInterceptor}.
 */
public class RateLimitedKeyAdvisor extends AbstractPointcutAdvisor {

	private final Pointcut pointcut = new KeyedPointcut();

	private final MethodInterceptor advice;

	/**
	 * Create an advisor; its collaborators are asked for on the first call, so that
	 * creating it early, as advisors are, initialises nothing else.
	 * @param advice charges the declarations
	 */
	public RateLimitedKeyAdvisor(Supplier<RateLimitedKeyInterceptor> advice) {
		SingletonSupplier<RateLimitedKeyInterceptor> target = SingletonSupplier.of(advice);
		this.advice = (invocation) -> target.obtain().invoke(invocation);
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.advice;
	}

	/**
	 * Matches the request handler methods ({@code @RequestMapping} or
	 * {@code @HttpExchange}, both mapped by Spring MVC) with at least one declaration
	 * whose key reads an argument.
	 */
	private static final class KeyedPointcut extends StaticMethodMatcherPointcut {

		// handler methods live in controllers: no other bean is looked at, method by
		// method, while the context starts
		KeyedPointcut() {
			setClassFilter((type) -> AnnotatedElementUtils.hasAnnotation(type, Controller.class));
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			// a class declaration covers request handlers, not the controller's
			// @InitBinder, @ModelAttribute or @ExceptionHandler methods
			Method specific = BridgeMethodResolver
				.findBridgedMethod(ClassUtils.getMostSpecificMethod(method, targetClass));
			MergedAnnotations annotations = MergedAnnotations.from(specific, SearchStrategy.TYPE_HIERARCHY);
			if (!annotations.isPresent(RequestMapping.class) && !annotations.isPresent(HttpExchange.class)) {
				return false;
			}
			return DeclaredRateLimits.onClass(targetClass).stream().anyMatch(KeyedPointcut::keyed)
					|| DeclaredRateLimits.onMethod(method, targetClass).stream().anyMatch(KeyedPointcut::keyed);
		}

		private static boolean keyed(RateLimited annotation) {
			return !annotation.key().isEmpty() && KeyExpressions.readsArguments(annotation.key());
		}

	}

}
