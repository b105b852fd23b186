package dev.ratelimit.web;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.core.TierRegistry;

import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.RepeatableContainers;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;

/**
 * The one lookup of {@link RateLimited} declarations, shared by startup validation and
 * enforcement, so that what startup validates is exactly what runs. A handler method's
 * declarations are the nearest ones of its class (the bean's class, else its nearest
 * superclass or interface that has any) followed by the nearest ones of the method (the
 * method itself, else the superclass or interface method it overrides or implements),
 * each found directly, repeated or as a meta-annotation of a composed annotation. All of
 * them are charged: a class and a method naming different tiers charge both.
 */
public class DeclaredRateLimits {

	private final TierRegistry registry;

	private static final Set<String> BUILT_IN = Set.of("request", "address");

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	// one entry per handler method and bean class, a set fixed by the code
	private final Map<Handler, HandlerLimits> handlers = new ConcurrentHashMap<>();

	/**
	 * Create the lookup.
	 * @param registry the configured tiers, which every declaration must name
	 */
	public DeclaredRateLimits(TierRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Return the validated declarations that apply to a handler method, looked up once.
	 * @param method the handler method
	 * @param beanType the class of the bean it is called on
	 * @return the declarations
	 * @throws IllegalStateException naming the method if a declaration is invalid
	 */
	public HandlerLimits forHandler(Method method, Class<?> beanType) {
		// keyed as called, so that a request pays one map lookup and no reflection
		return this.handlers.computeIfAbsent(new Handler(method, beanType), this::build);
	}

	/**
	 * Return the declarations found on a class itself, for every handler method it has.
	 * @param type the class
	 * @return the declarations, nearest first
	 */
	static List<RateLimited> onClass(Class<?> type) {
		return nearest(ClassUtils.getUserClass(type));
	}

	/**
	 * Return the declarations found on a method, its overridden and implemented methods
	 * included, without the class's.
	 * @param method the method
	 * @param type the class it is called on
	 * @return the declarations
	 */
	static List<RateLimited> onMethod(Method method, Class<?> type) {
		return nearest(specific(method, ClassUtils.getUserClass(type)));
	}

	/**
	 * Validate one declaration, as startup does.
	 * @param annotation the declaration
	 * @param where names its place in a failure
	 * @return the validated declaration
	 * @throws IllegalStateException naming the place if it is invalid
	 */
	DeclaredLimit validate(RateLimited annotation, String where) {
		if (!this.registry.contains(annotation.tier())) {
			throw new IllegalStateException("@RateLimited on " + where + " names unknown tier '" + annotation.tier()
					+ "'; configured tiers (ratelimit.tiers): " + this.registry.names());
		}
		if (annotation.cost() < 1) {
			throw new IllegalStateException(
					"@RateLimited on " + where + " has cost " + annotation.cost() + "; it must be at least 1");
		}
		if (annotation.key().isEmpty()) {
			return new DeclaredLimit(annotation.tier(), annotation.cost(), null, where);
		}
		try {
			return new DeclaredLimit(annotation.tier(), annotation.cost(),
					this.parser.parseExpression(annotation.key()), where);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("@RateLimited on " + where + " has key '" + annotation.key()
					+ "', which is no valid SpEL expression: " + ex.getMessage(), ex);
		}
	}

	private HandlerLimits build(Handler handler) {
		Class<?> type = ClassUtils.getUserClass(handler.type());
		String where = type.getName() + "." + handler.method().getName() + "()";
		List<DeclaredLimit> limits = new ArrayList<>();
		for (RateLimited annotation : onClass(type)) {
			limits.add(validate(annotation, where));
		}
		for (RateLimited annotation : onMethod(handler.method(), type)) {
			limits.add(validate(annotation, where));
		}
		for (DeclaredLimit limit : limits) {
			checkVariables(limit, specific(handler.method(), type));
		}
		return HandlerLimits.of(limits);
	}

	/**
	 * Fail when a key reads {@code #root}, which is always {@code null}, or a built-in
	 * variable that a parameter of the same name would be mistaken for.
	 */
	private void checkVariables(DeclaredLimit limit, Method method) {
		Expression key = limit.key();
		if (key == null) {
			return;
		}
		Set<String> variables = KeyExpressions.variables(key);
		if (variables.contains("#root")) {
			throw new IllegalStateException("@RateLimited on " + limit.where() + " has key '"
					+ key.getExpressionString() + "', which reads #root: a key expression has no root object; "
					+ "read a parameter (#name), #request or #address");
		}
		String[] names = this.parameterNames.getParameterNames(method);
		for (String name : (names != null) ? names : new String[0]) {
			if (BUILT_IN.contains(name) && variables.contains("#" + name)) {
				throw new IllegalStateException("@RateLimited on " + limit.where() + " has key '"
						+ key.getExpressionString() + "', which reads #" + name + ": that is the built-in variable ("
						+ (name.equals("request") ? "the HttpServletRequest" : "the caller's address")
						+ "), not the parameter named '" + name
						+ "'; rename the parameter or read it by position (#p0, #p1, ...)");
			}
		}
	}

	/**
	 * Return the method a handler class runs for a method, bridges resolved.
	 * @param method the method
	 * @param type the handler class
	 * @return the most specific method
	 */
	public static Method specific(Method method, Class<?> type) {
		return BridgeMethodResolver.findBridgedMethod(ClassUtils.getMostSpecificMethod(method, type));
	}

	/**
	 * Return the declarations of the nearest element in the hierarchy that has any: one
	 * level's declarations replace those of the levels it overrides.
	 */
	private static List<RateLimited> nearest(AnnotatedElement element) {
		List<MergedAnnotation<RateLimited>> all = MergedAnnotations
			.from(element, SearchStrategy.TYPE_HIERARCHY, RepeatableContainers.standardRepeatables())
			.stream(RateLimited.class)
			.toList();
		int nearest = all.stream().mapToInt(MergedAnnotation::getAggregateIndex).min().orElse(-1);
		return all.stream()
			.filter((annotation) -> annotation.getAggregateIndex() == nearest)
			.map(MergedAnnotation::synthesize)
			.toList();
	}

	/**
	 * A handler method as called on one bean class.
	 */
	private record Handler(Method method, Class<?> type) {

	}

}
