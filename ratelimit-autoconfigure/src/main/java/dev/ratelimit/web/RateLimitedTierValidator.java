package dev.ratelimit.web;

import java.lang.reflect.Method;

import dev.ratelimit.core.TierRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Fails startup when a {@link RateLimited} annotation names a tier that is not
 * configured, a cost below 1 or a key expression that does not parse, instead of failing
 * the first request.
 */
public class RateLimitedTierValidator implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final TierRegistry registry;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	/**
	 * Create a validator.
	 * @param beanFactory the bean factory to scan
	 * @param registry the configured tiers
	 */
	public RateLimitedTierValidator(ConfigurableListableBeanFactory beanFactory, TierRegistry registry) {
		this.beanFactory = beanFactory;
		this.registry = registry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				validate(ClassUtils.getUserClass(type));
			}
		}
	}

	private void validate(Class<?> type) {
		check(AnnotatedElementUtils.findMergedAnnotation(type, RateLimited.class), type.getName());
		ReflectionUtils.doWithMethods(type,
				(method) -> check(AnnotatedElementUtils.findMergedAnnotation(method, RateLimited.class),
						describe(type, method)));
	}

	private void check(@Nullable RateLimited annotation, String where) {
		if (annotation == null) {
			return;
		}
		if (!this.registry.contains(annotation.tier())) {
			throw new IllegalStateException("@RateLimited on " + where + " names unknown tier '" + annotation.tier()
					+ "'; configured tiers (ratelimit.tiers): " + this.registry.names());
		}
		if (!annotation.key().isEmpty()) {
			try {
				this.parser.parseExpression(annotation.key());
			}
			catch (ParseException ex) {
				throw new IllegalStateException("@RateLimited on " + where + " has key '" + annotation.key()
						+ "', which is no valid SpEL expression: " + ex.getMessage(), ex);
			}
		}
		if (annotation.cost() < 1) {
			throw new IllegalStateException(
					"@RateLimited on " + where + " has cost " + annotation.cost() + "; it must be at least 1");
		}
	}

	private static String describe(Class<?> type, Method method) {
		return type.getName() + "." + method.getName() + "()";
	}

}
