package dev.ratelimit.webflux;

import java.util.List;

import dev.ratelimit.web.DeclaredRateLimits;
import dev.ratelimit.web.HandlerLimits;
import dev.ratelimit.web.RateLimitedPlacements;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails startup when a {@link dev.ratelimit.web.RateLimited} declaration of a WebFlux
 * handler method cannot be enforced: an unknown tier, a cost below 1, a key that does not
 * parse or that WebFlux cannot evaluate ({@link WebFluxKeys#check}); and for a
 * declaration on a method that is no handler, or a class with none
 * ({@link RateLimitedPlacements}), as on the servlet side. It validates through the same
 * lookup the {@link RateLimitHandlerAdapter} charges by, so that what startup accepts is
 * exactly what runs.
 */
public class RateLimitedHandlersValidator implements SmartInitializingSingleton {

	private final ConfigurableListableBeanFactory beanFactory;

	private final DeclaredRateLimits declarations;

	/**
	 * Create a validator.
	 * @param beanFactory holds the handler mappings
	 * @param declarations the lookup of declarations
	 */
	public RateLimitedHandlersValidator(ConfigurableListableBeanFactory beanFactory, DeclaredRateLimits declarations) {
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
			HandlerLimits limits = this.declarations.forHandler(handler.getMethod(), handler.getBeanType());
			limits.beforeArguments().forEach(WebFluxKeys::check);
			limits.withArguments().forEach(WebFluxKeys::check);
		}
		new RateLimitedPlacements(this.beanFactory, this.declarations).check(handlers);
	}

}
