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
 * {@link RateLimitedKeyAdvisor}, which sees them. Only {@code REQUEST} and
 * {@code FORWARD} dispatches are charged, as path rules charge them.
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
		if (handler instanceof HandlerMethod method && isCharged(request.getDispatcherType())) {
			List<DeclaredLimit> limits = this.declarations.forHandler(method.getMethod(), method.getBeanType())
				.beforeArguments();
			if (!limits.isEmpty()) {
				List<DeclaredCharge> charges = new ArrayList<>(limits.size());
				for (DeclaredLimit limit : limits) {
					charges.add(this.keys.charge(limit, request));
				}
				this.enforcer.enforceAll(request, response, charges);
			}
		}
		return true;
	}

	/**
	 * Return whether a dispatch is charged, as path rules charge it: a request and a
	 * forward, which may reach a handler the request did not name; not an include, which
	 * belongs to the response of a request already decided and cannot set its status, nor
	 * an error or async dispatch, which continues a request already decided.
	 * @param dispatch the dispatch type
	 * @return whether the handler's declarations are charged
	 */
	static boolean isCharged(DispatcherType dispatch) {
		return dispatch == DispatcherType.REQUEST || dispatch == DispatcherType.FORWARD;
	}

}
