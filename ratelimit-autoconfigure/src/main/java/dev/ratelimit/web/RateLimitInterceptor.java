package dev.ratelimit.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Charges the {@link RateLimited} declarations of the resolved handler method that count
 * by the {@link KeyResolver}, before its arguments are resolved: no proxy, and the
 * handler's declarations are looked up once. Several declarations are decided together
 * ({@link RateLimitEnforcer#enforceAll}). A denial is raised from here, so MVC's
 * exception resolvers render it as they render any handler's exception. A handler with a
 * declaration whose key reads the arguments has all its declarations charged by the
 * {@link RateLimitedKeyAdvisor}, which sees them.
 */
public class RateLimitInterceptor implements HandlerInterceptor {

	private final DeclaredRateLimits declarations;

	private final RateLimitEnforcer enforcer;

	private final KeyExpressions keys;

	/**
	 * Create an interceptor.
	 * @param declarations the lookup of declarations
	 * @param enforcer applies tiers
	 * @param keys evaluates key expressions
	 */
	public RateLimitInterceptor(DeclaredRateLimits declarations, RateLimitEnforcer enforcer, KeyExpressions keys) {
		this.declarations = declarations;
		this.enforcer = enforcer;
		this.keys = keys;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// an async dispatch resumes a request that was charged when it started
		if (handler instanceof HandlerMethod method && request.getDispatcherType() != DispatcherType.ASYNC) {
			List<DeclaredLimit> limits = this.declarations.forHandler(method.getMethod(), method.getBeanType())
				.beforeArguments();
			if (limits.size() == 1) {
				DeclaredLimit limit = limits.get(0);
				String named = this.keys.named(limit, request);
				if (named != null) {
					this.enforcer.enforceNamed(request, response, limit.tier(), limit.cost(), named);
				}
				else {
					this.enforcer.enforce(request, response, limit.tier(), limit.cost(), null);
				}
			}
			else if (!limits.isEmpty()) {
				List<RateLimitEnforcer.Declared> declared = new ArrayList<>(limits.size());
				for (DeclaredLimit limit : limits) {
					declared.add(new RateLimitEnforcer.Declared(limit.tier(), limit.cost(),
							this.keys.named(limit, request)));
				}
				this.enforcer.enforceAll(request, response, declared);
			}
		}
		return true;
	}

}
