package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Charges the {@link RateLimited} declarations of a handler method of which one has a key
 * expression reading the call's arguments, all of them together, around the call.
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
			List<DeclaredLimit> declared = limits.withArguments();
			if (declared.size() == 1) {
				DeclaredLimit limit = declared.get(0);
				String named = this.keys.named(limit, request, method, invocation.getArguments());
				if (named != null) {
					this.enforcer.enforceNamed(request, attributes.getResponse(), limit.tier(), limit.cost(), named);
				}
				else {
					this.enforcer.enforce(request, attributes.getResponse(), limit.tier(), limit.cost(), null);
				}
			}
			else if (!declared.isEmpty()) {
				List<RateLimitEnforcer.Declared> all = new ArrayList<>(declared.size());
				for (DeclaredLimit limit : declared) {
					all.add(new RateLimitEnforcer.Declared(limit.tier(), limit.cost(),
							this.keys.named(limit, request, method, invocation.getArguments())));
				}
				this.enforcer.enforceAll(request, attributes.getResponse(), all);
			}
		}
		return invocation.proceed();
	}

}
