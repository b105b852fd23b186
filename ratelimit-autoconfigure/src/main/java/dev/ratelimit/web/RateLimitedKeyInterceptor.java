package dev.ratelimit.web;

import java.lang.reflect.Method;

import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Charges a handler method's {@link RateLimited} declarations whose key expression reads
 * the call's arguments, around the call.
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
				&& invocation.getThis() != null) {
			Method method = invocation.getMethod();
			HandlerLimits limits = this.declarations.forHandler(method, AopUtils.getTargetClass(invocation.getThis()));
			HttpServletRequest request = attributes.getRequest();
			for (DeclaredLimit limit : limits.withArguments()) {
				String named = this.keys.named(limit, request, method, invocation.getArguments());
				if (named != null) {
					this.enforcer.enforceNamed(request, attributes.getResponse(), limit.tier(), limit.cost(), named);
				}
				else {
					this.enforcer.enforce(request, attributes.getResponse(), limit.tier(), limit.cost(), null);
				}
			}
		}
		return invocation.proceed();
	}

}
