package dev.ratelimit.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails startup, naming the place, when a {@link RateLimited} declaration names a tier
 * that is not configured, a cost below 1 or a key expression that does not parse, reads
 * {@code #root} or reads {@code #request} or {@code #address} on a handler with a
 * parameter of that name, which the built-in variable would hide, or when it would never
 * be enforced: on a method that is no request handler, on a class with no handler method,
 * or with a key expression on a handler that its proxy cannot intercept. Every handler
 * method's declarations are looked up here, by the same {@link DeclaredRateLimits} that
 * enforcement reads. A bean with no handler method fails only for what its class declares
 * itself, not for an annotated interface it implements, which a controller may implement
 * too; a scoped-proxy controller's target is checked for the auto-proxying that will
 * advise it in its scope.
 */
public class RateLimitedValidator implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final DeclaredRateLimits declarations;

	/**
	 * Create a validator.
	 * @param beanFactory the bean factory to scan
	 * @param declarations the lookup of declarations
	 */
	public RateLimitedValidator(ConfigurableListableBeanFactory beanFactory, DeclaredRateLimits declarations) {
		this.beanFactory = beanFactory;
		this.declarations = declarations;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<HandlerMethod> handlers = this.beanFactory.getBeansOfType(RequestMappingHandlerMapping.class, false, false)
			.values()
			.stream()
			.flatMap((mapping) -> mapping.getHandlerMethods().values().stream())
			.toList();
		for (HandlerMethod handler : handlers) {
			if (!this.declarations.forHandler(handler.getMethod(), handler.getBeanType()).withArguments().isEmpty()) {
				checkAdvised(handler);
			}
		}
		new RateLimitedPlacements(this.beanFactory, this.declarations).check(handlers);
	}

	private void checkAdvised(HandlerMethod handler) {
		Object bean = (handler.getBean() instanceof String name) ? this.beanFactory.getBean(name) : handler.getBean();
		Method method = handler.getMethod();
		String where = handler.getBeanType().getName() + "." + method.getName() + "()";
		boolean advised;
		if (bean instanceof ScopedObject) {
			// the scoped target exists only in its scope; the auto-proxy creator that
			// proxies every other bean with the advisor proxies it when it is created
			advised = this.beanFactory.containsBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME);
		}
		else {
			advised = bean instanceof Advised proxy
					&& Arrays.stream(proxy.getAdvisors()).anyMatch(RateLimitedKeyAdvisor.class::isInstance);
		}
		if (!advised) {
			throw new IllegalStateException("@RateLimited on " + where + " has a key expression, charged by an AOP "
					+ "proxy around the method, but the bean is not proxied (is spring.aop.auto false?)");
		}
		boolean intercepted = this.beanFactory.getBeanProvider(RateLimitedKeyAdvisor.class)
			.stream()
			.anyMatch((advisor) -> advisor.getPointcut().getMethodMatcher().matches(method, handler.getBeanType()));
		if (!intercepted) {
			throw new IllegalStateException("@RateLimited on " + where + " has a key expression, charged by an AOP "
					+ "proxy around handler methods mapped by @RequestMapping or @HttpExchange, which does not "
					+ "intercept this one");
		}
		int modifiers = method.getModifiers();
		if ((AopUtils.isCglibProxy(bean) || bean instanceof ScopedObject)
				&& (Modifier.isFinal(modifiers) || Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers))) {
			throw new IllegalStateException("@RateLimited on " + where + " has a key expression, charged by an AOP "
					+ "proxy around the method, which cannot intercept a final, private or static method");
		}
	}

}
