package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.core.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Charges a handler method's {@link RateLimited} declarations that have a key expression,
 * evaluated against the call's arguments. A key expression never fails a request: when it
 * throws or yields {@code null}, the {@link KeyResolver} decides instead, and the
 * expression is reported once in the log, not on every request.
 */
public class RateLimitedKeyInterceptor implements MethodInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitedKeyInterceptor.class);

	private final DeclaredRateLimits declarations;

	private final RateLimitEnforcer enforcer;

	private final ClientAddresses addresses;

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	/**
	 * Create the advice.
	 * @param declarations the lookup of declarations
	 * @param enforcer applies tiers
	 * @param addresses names the caller's network for {@code #address}
	 */
	public RateLimitedKeyInterceptor(DeclaredRateLimits declarations, RateLimitEnforcer enforcer,
			ClientAddresses addresses) {
		this.declarations = declarations;
		this.enforcer = enforcer;
		this.addresses = addresses;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& invocation.getThis() != null) {
			Method method = invocation.getMethod();
			HandlerLimits limits = this.declarations.forHandler(method, AopUtils.getTargetClass(invocation.getThis()));
			HttpServletRequest request = attributes.getRequest();
			for (DeclaredLimit limit : limits.withArguments()) {
				String named = named(limit, method, invocation.getArguments(), request);
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

	private @Nullable String named(DeclaredLimit limit, Method method, @Nullable Object[] args,
			HttpServletRequest request) {
		Expression expression = limit.key();
		if (expression == null) {
			return null;
		}
		try {
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, method, args,
					this.parameterNames);
			context.setVariable("request", request);
			context.setVariable("address", this.addresses.identity(request.getRemoteAddr()));
			Object value = expression.getValue(context);
			if (value == null) {
				report(expression, limit, "is null", null);
				return null;
			}
			String key = KeyValues.toKey(value);
			if (key != null) {
				return key;
			}
			// empty, or an identity toString() that would be a new client on every call
			report(expression, limit, "has no stable value", null);
		}
		catch (RuntimeException ex) {
			report(expression, limit, "failed", ex);
		}
		return null;
	}

	private void report(Expression expression, DeclaredLimit limit, String what, @Nullable RuntimeException ex) {
		if (this.reported.add(expression.getExpressionString())) {
			// the exception's message may quote argument values, so only its type is
			// logged
			logger.warn("@RateLimited key '" + expression.getExpressionString() + "' on " + limit.where() + " " + what
					+ ((ex != null) ? " (" + ex.getClass().getName() + ")" : "")
					+ "; counting by the KeyResolver instead. Reported once.");
		}
	}

}
