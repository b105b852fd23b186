package dev.ratelimit.web;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.RepeatableContainers;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Fails startup, naming the place, for a {@link RateLimited} declaration on a bean method
 * that is no request handler, or on a class with no handler method, whichever web stack
 * maps the handlers: such a declaration would never be enforced. Each bean's declarations
 * are validated (tier, cost, key) on the way.
 */
public final class RateLimitedPlacements {

	private final ConfigurableListableBeanFactory beanFactory;

	private final DeclaredRateLimits declarations;

	/**
	 * Create a check of the placements of the beans of a factory.
	 * @param beanFactory the bean factory to scan
	 * @param declarations the lookup of declarations
	 */
	public RateLimitedPlacements(ConfigurableListableBeanFactory beanFactory, DeclaredRateLimits declarations) {
		this.beanFactory = beanFactory;
		this.declarations = declarations;
	}

	/**
	 * Check every bean's declarations against the handler methods the stack mapped.
	 * @param mapped the handler methods of every handler mapping of the stack
	 */
	public void check(Collection<HandlerMethod> mapped) {
		Map<Class<?>, Set<Method>> handlers = new HashMap<>();
		for (HandlerMethod handler : mapped) {
			Class<?> type = handler.getBeanType();
			handlers.computeIfAbsent(type, (key) -> new HashSet<>())
				.add(DeclaredRateLimits.specific(handler.getMethod(), type));
		}
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				validate(ClassUtils.getUserClass(type), handlers);
			}
		}
	}

	private void validate(Class<?> type, Map<Class<?>, Set<Method>> handlers) {
		Set<Method> handlerMethods = handlers.get(type);
		if (handlerMethods == null) {
			validateNoHandler(type);
			return;
		}
		for (RateLimited annotation : DeclaredRateLimits.onClass(type)) {
			this.declarations.validate(annotation, type.getName());
			if (handlerMethods.isEmpty()) {
				throw new IllegalStateException("@RateLimited on " + type.getName()
						+ " applies to no request handler method: the class has none, so it would never be enforced");
			}
		}
		ReflectionUtils.doWithMethods(type, (method) -> {
			String where = type.getName() + "." + method.getName() + "()";
			for (RateLimited annotation : DeclaredRateLimits.onMethod(method, type)) {
				this.declarations.validate(annotation, where);
				if (!handlerMethods.contains(DeclaredRateLimits.specific(method, type))) {
					throw new IllegalStateException("@RateLimited on " + where
							+ " is on no request handler method (@RequestMapping), so it would never be enforced");
				}
			}
		});
	}

	/**
	 * Fail for what a class with no handler method declares itself, on the class or on a
	 * method it declares. What it inherits from an interface or superclass is left to the
	 * controllers that inherit it too: a client, a fake or a proxy implementing an
	 * annotated API interface is no mistake.
	 */
	private void validateNoHandler(Class<?> type) {
		if (!validated(direct(type), type.getName()).isEmpty()) {
			throw new IllegalStateException("@RateLimited on " + type.getName()
					+ " applies to no request handler method: the class has none, so it would never be enforced");
		}
		ReflectionUtils.doWithLocalMethods(type, (method) -> {
			String where = type.getName() + "." + method.getName() + "()";
			if (!validated(direct(method), where).isEmpty()) {
				throw new IllegalStateException("@RateLimited on " + where
						+ " is on no request handler method (@RequestMapping), so it would never be enforced");
			}
		});
	}

	/**
	 * Validate declarations first, so that an unknown tier is named as such wherever it
	 * is.
	 */
	private List<RateLimited> validated(List<RateLimited> annotations, String where) {
		annotations.forEach((annotation) -> this.declarations.validate(annotation, where));
		return annotations;
	}

	private static List<RateLimited> direct(AnnotatedElement element) {
		return MergedAnnotations.from(element, SearchStrategy.DIRECT, RepeatableContainers.standardRepeatables())
			.stream(RateLimited.class)
			.map(MergedAnnotation::synthesize)
			.toList();
	}

}
