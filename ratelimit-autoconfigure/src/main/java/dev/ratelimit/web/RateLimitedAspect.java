package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Enforces {@link RateLimited} on controller methods and classes. A key expression never
 * fails a request: when it throws or yields {@code null}, the {@link KeyResolver} decides
 * instead, and the expression is reported once in the log, not on every request.
 */
@Aspect
public class RateLimitedAspect {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitedAspect.class);

	private final RateLimitEnforcer enforcer;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	private final Map<String, Expression> expressions = new ConcurrentHashMap<>();

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	// one entry per advised method and target class, a set fixed by the code
	private final Map<AdvisedMethod, Optional<RateLimited>> annotations = new ConcurrentHashMap<>();

	/**
	 * Create an aspect.
	 * @param enforcer applies tiers
	 */
	public RateLimitedAspect(RateLimitEnforcer enforcer) {
		this.enforcer = enforcer;
	}

	/**
	 * Charge the call, then proceed.
	 * @param joinPoint the call
	 * @return the method's result
	 * @throws Throwable what the method throws, or {@link RateLimitExceededException}
	 */
	@Around("@annotation(dev.ratelimit.web.RateLimited) || @within(dev.ratelimit.web.RateLimited)")
	public @Nullable Object enforce(ProceedingJoinPoint joinPoint) throws Throwable {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			Method method = ((MethodSignature) joinPoint.getSignature()).getMethod();
			Object target = joinPoint.getTarget();
			RateLimited annotation = this.annotations
				.computeIfAbsent(new AdvisedMethod(method, (target != null) ? target.getClass() : null),
						RateLimitedAspect::find)
				.orElse(null);
			if (annotation != null) {
				HttpServletRequest request = attributes.getRequest();
				this.enforcer.enforce(request, attributes.getResponse(), annotation.tier(), annotation.cost(),
						identity(annotation, method, joinPoint.getArgs(), request));
			}
		}
		return joinPoint.proceed();
	}

	private static Optional<RateLimited> find(AdvisedMethod advised) {
		RateLimited annotation = AnnotatedElementUtils.findMergedAnnotation(advised.method(), RateLimited.class);
		if (annotation == null && advised.targetClass() != null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(advised.targetClass(), RateLimited.class);
		}
		return Optional.ofNullable(annotation);
	}

	private @Nullable String identity(RateLimited annotation, Method method, Object[] args,
			HttpServletRequest request) {
		if (annotation.key().isEmpty()) {
			return null;
		}
		String expression = annotation.key();
		try {
			MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, method, args,
					this.parameterNames);
			context.setVariable("request", request);
			Object value = this.expressions.computeIfAbsent(expression, this.parser::parseExpression).getValue(context);
			if (value == null) {
				report(expression, method, "is null", null);
				return null;
			}
			String key = KeyValues.toKey(value);
			if (key != null) {
				return "spel:" + key;
			}
			// empty, or an identity toString() that would be a new client on every call
			report(expression, method, "has no stable value", null);
		}
		catch (RuntimeException ex) {
			report(expression, method, "failed", ex);
		}
		return null;
	}

	private void report(String expression, Method method, String what, @Nullable RuntimeException ex) {
		if (this.reported.add(expression)) {
			// the exception's message may quote argument values, so only its type is
			// logged
			logger.warn("@RateLimited key '" + expression + "' on " + method.getDeclaringClass().getName() + "."
					+ method.getName() + "() " + what + ((ex != null) ? " (" + ex.getClass().getName() + ")" : "")
					+ "; counting by the KeyResolver instead. Reported once.");
		}
	}

	/**
	 * A method as advised on one target class, whose annotation is looked up once.
	 */
	private record AdvisedMethod(Method method, @Nullable Class<?> targetClass) {

	}

}
