package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Charges the {@link RateLimited} declarations of a handler method of which one has a key
 * expression reading the call's arguments, all of them together, around the call, when
 * the call is the one Spring MVC makes to the handler method it chose for the request
 * ({@link HandlerMapping#BEST_MATCHING_HANDLER_ATTRIBUTE}) in a {@code REQUEST} or
 * {@code FORWARD} dispatch.
 */
public class RateLimitedKeyInterceptor implements MethodInterceptor {

	private final DeclaredRateLimits declarations;

	private final RateLimitEnforcer enforcer;

	private final KeyExpressions keys;

	/**
	 * Create the advice.
	 * @param declarations the lookup of declarations
	 * @param enforcer applies tiers
	 * @param keys evaluates key expressions
	 */
	public RateLimitedKeyInterceptor(DeclaredRateLimits declarations, RateLimitEnforcer enforcer, KeyExpressions keys) {
		this.declarations = declarations;
		this.enforcer = enforcer;
		this.keys = keys;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& invocation.getThis() != null && isChosenHandler(attributes.getRequest(), invocation.getMethod(),
						AopUtils.getTargetClass(invocation.getThis()))) {
			Method method = invocation.getMethod();
			HandlerLimits limits = this.declarations.forHandler(method, AopUtils.getTargetClass(invocation.getThis()));
			HttpServletRequest request = attributes.getRequest();
			List<DeclaredLimit> declared = limits.withArguments();
			if (!declared.isEmpty()) {
				List<DeclaredCharge> charges = new ArrayList<>(declared.size());
				for (DeclaredLimit limit : declared) {
					charges.add(this.keys.charge(limit, request, method, invocation.getArguments()));
				}
				this.enforcer.enforceAll(request, attributes.getResponse(), charges);
			}
		}
		return invocation.proceed();
	}

	/**
	 * Return whether a call is the one Spring MVC makes to the handler it chose for the
	 * request, in a dispatch that is charged: not an {@code @InitBinder},
	 * {@code @ModelAttribute} or {@code @ExceptionHandler} method of the same controller,
	 * nor a handler method that another handler calls.
	 */
	private static boolean isChosenHandler(HttpServletRequest request, Method method, Class<?> targetClass) {
		if (!RateLimitInterceptor.isCharged(request.getDispatcherType())
				|| !(request
					.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod chosen)
				|| !ClassUtils.getUserClass(chosen.getBeanType()).equals(ClassUtils.getUserClass(targetClass))) {
			return false;
		}
		return DeclaredRateLimits.specific(chosen.getMethod(), targetClass)
			.equals(DeclaredRateLimits.specific(method, targetClass));
	}

}
