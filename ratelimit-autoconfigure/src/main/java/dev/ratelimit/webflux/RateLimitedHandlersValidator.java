package dev.ratelimit.webflux;

import java.util.Map;

import dev.ratelimit.web.DeclaredRateLimits;
import dev.ratelimit.web.HandlerLimits;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Fails startup when a {@link dev.ratelimit.web.RateLimited} declaration of a WebFlux
 * handler method cannot be enforced: an unknown tier, a cost below 1, a key that does not
 * parse or that WebFlux cannot evaluate ({@link WebFluxKeys#check}). It validates through
 * the same lookup the {@link RateLimitHandlerAdapter} charges by, so that what startup
 * accepts is exactly what runs.
 */
public class RateLimitedHandlersValidator implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final DeclaredRateLimits declarations;

	/**
	 * Create a validator.
	 * @param beanFactory holds the handler mappings
	 * @param declarations the lookup of declarations
	 */
	public RateLimitedHandlersValidator(ListableBeanFactory beanFactory, DeclaredRateLimits declarations) {
		this.beanFactory = beanFactory;
		this.declarations = declarations;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (RequestMappingHandlerMapping mapping : this.beanFactory.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (Map.Entry<?, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
				HandlerMethod method = entry.getValue();
				HandlerLimits limits = this.declarations.forHandler(method.getMethod(), method.getBeanType());
				limits.beforeArguments().forEach(WebFluxKeys::check);
				limits.withArguments().forEach(WebFluxKeys::check);
			}
		}
	}

}
