package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.CompositeRateLimitObserver;
import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.http.RateLimitHeaders;
import dev.ratelimit.http.RateLimitPipeline;
import dev.ratelimit.http.TierPolicies;
import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.CountedClientResolver;
import dev.ratelimit.web.DefaultKeyResolver;
import dev.ratelimit.web.InFlightPermits;
import dev.ratelimit.web.KeyExpressions;
import dev.ratelimit.web.KeyResolver;
import dev.ratelimit.web.KeyTierResolver;
import dev.ratelimit.web.PlanLimitsResolver;
import dev.ratelimit.web.RateLimitEnforcer;
import dev.ratelimit.web.RateLimitExceptionHandler;
import dev.ratelimit.web.RateLimitFilter;
import dev.ratelimit.web.DeclaredRateLimits;
import dev.ratelimit.web.RateLimitInterceptor;
import dev.ratelimit.web.RateLimitedKeyAdvisor;
import dev.ratelimit.web.RateLimitedKeyInterceptor;
import dev.ratelimit.web.RateLimitedValidator;
import dev.ratelimit.web.ResponseCharges;
import dev.ratelimit.web.ResponseCompletionFilter;
import dev.ratelimit.web.ResponseResultAdvice;
import dev.ratelimit.web.RuntimePlans;
import dev.ratelimit.web.TierResolver;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.handler.MappedInterceptor;

/**
 * Auto-configuration of the servlet integration: key and tier resolution, the
 * {@code @RateLimited} interceptor and advisor, the path-rule filter and the 429
 * response.
 */
@AutoConfiguration(after = RateLimitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "ratelimit.enabled", matchIfMissing = true)
@ConditionalOnBean(RateLimiter.class)
public final class RateLimitWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeyResolver rateLimitKeyResolver(RateLimitProperties properties, TierRegistry registry,
			ObjectProvider<ApiKeyVerifier> verifiers, ClientAddresses addresses) {
		return defaultKeyResolver(properties, registry, verifiers, addresses);
	}

	private static DefaultKeyResolver defaultKeyResolver(RateLimitProperties properties, TierRegistry registry,
			ObjectProvider<ApiKeyVerifier> verifiers, ClientAddresses addresses) {
		return new DefaultKeyResolver(properties.getKey().getHeader(), KnownApiKeys.of(properties, registry, verifiers),
				addresses);
	}

	@Bean
	@ConditionalOnMissingBean
	TierResolver rateLimitTierResolver(TierRegistry registry, RateLimitProperties properties) {
		return new KeyTierResolver(registry, properties.getKey().getHeader());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitHeaders rateLimitHeaders(RateLimitProperties properties) {
		return RateLimitPipelineFactory.headers(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitPipeline rateLimitPipeline(TierRegistry registry, ConcurrencyLimits limits,
			ObjectProvider<RateLimitObserver> observers, ResponseCharges responseCharges,
			RateLimitProperties properties) {
		return RateLimitPipelineFactory.pipeline(properties, registry, limits, observers,
				responseCharges::chargedAfterResponse);
	}

	@Bean
	@ConditionalOnMissingBean
	CountedClientResolver rateLimitCountedClientResolver(TierRegistry registry, KeyResolver keyResolver,
			TierResolver tierResolver, ClientKeys keys, RateLimitProperties properties,
			ObjectProvider<ApiKeyVerifier> verifiers, ClientAddresses addresses) {
		// the defaults answer when an application's resolver fails
		return new CountedClientResolver(registry, keyResolver, tierResolver, keys,
				defaultKeyResolver(properties, registry, verifiers, addresses),
				new KeyTierResolver(registry, properties.getKey().getHeader()));
	}

	@Bean
	@ConditionalOnMissingBean
	RuntimePlans rateLimitRuntimePlans(ObjectProvider<PlanLimitsResolver> resolver, TierRegistry registry,
			RateLimitProperties properties, ResponseCharges responseCharges) {
		return new RuntimePlans(resolver.getIfAvailable(), RateLimitPipelineFactory.fallbackTier(properties, registry),
				responseCharges::chargedAfterResponse);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitEnforcer rateLimitEnforcer(RateLimitPipeline pipeline, RateLimitGuard guard, InFlightPermits permits,
			ResponseCharges responseCharges, CountedClientResolver clients, RuntimePlans plans,
			RateLimitHeaders headers) {
		return new RateLimitEnforcer(pipeline, guard, permits, responseCharges, clients, plans, headers);
	}

	@Bean
	@ConditionalOnMissingBean
	ResponseCharges rateLimitResponseCharges(RateLimitGuard limiter, RateLimitProperties properties,
			TierRegistry registry) {
		return new ResponseCharges(limiter, ResponseChargingFactory.create(properties, registry));
	}

	@Bean
	@ConditionalOnMissingBean
	ResponseResultAdvice rateLimitResponseResultAdvice() {
		return new ResponseResultAdvice();
	}

	@Bean
	@ConditionalOnMissingBean
	InFlightPermits rateLimitInFlightPermits(ConcurrencyGuard guard) {
		return new InFlightPermits(guard);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitExceptionHandler rateLimitExceptionHandler() {
		return new RateLimitExceptionHandler();
	}

	@Bean
	@ConditionalOnMissingBean
	DeclaredRateLimits rateLimitDeclarations(TierRegistry registry) {
		return new DeclaredRateLimits(registry);
	}

	@Bean
	static RateLimitedValidator rateLimitedValidator(ConfigurableListableBeanFactory beanFactory,
			DeclaredRateLimits declarations) {
		return new RateLimitedValidator(beanFactory, declarations);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyExpressions rateLimitKeyExpressions(ClientAddresses addresses) {
		return new KeyExpressions(addresses);
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitInterceptor rateLimitInterceptor(DeclaredRateLimits declarations, RateLimitEnforcer enforcer,
			KeyExpressions keys) {
		return new RateLimitInterceptor(declarations, enforcer, keys);
	}

	// a mapped interceptor bean: every handler mapping picks it up, an application's own
	// RequestMappingHandlerMapping too, not only those WebMvcConfigurers feed
	@Bean
	MappedInterceptor rateLimitMappedInterceptor(RateLimitInterceptor interceptor) {
		return new MappedInterceptor(null, interceptor);
	}

	// an advisor is created early, by the auto-proxy creator: what it needs is looked up
	// on the first call
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static RateLimitedKeyAdvisor rateLimitedKeyAdvisor(ObjectProvider<DeclaredRateLimits> declarations,
			ObjectProvider<RateLimitEnforcer> enforcer, ObjectProvider<KeyExpressions> keys) {
		return new RateLimitedKeyAdvisor(
				() -> new RateLimitedKeyInterceptor(declarations.getObject(), enforcer.getObject(), keys.getObject()));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ratelimit.filter.enabled", matchIfMissing = true)
	FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitEnforcer enforcer, RateLimitProperties properties,
			ConfigurableListableBeanFactory beanFactory) {
		List<RateLimitFilter.PathRule> rules = rules(properties, false);
		RateLimitFilter filter = new RateLimitFilter(enforcer, rules, () -> exceptionResolver(beanFactory));
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("rateLimitFilter");
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
		registration.setOrder(properties.getFilter().getOrder());
		registration.setEnabled(!rules.isEmpty());
		return registration;
	}

	/**
	 * Ends each request for the actions run once its response is complete (releasing
	 * permits, settling charges), outside every other filter so that they see the status
	 * the client receives.
	 */
	@Bean
	FilterRegistrationBean<ResponseCompletionFilter> rateLimitResponseCompletionFilter() {
		FilterRegistrationBean<ResponseCompletionFilter> registration = new FilterRegistrationBean<>(
				new ResponseCompletionFilter());
		registration.setName("rateLimitResponseCompletionFilter");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ratelimit.filter.enabled", matchIfMissing = true)
	FilterRegistrationBean<RateLimitFilter> rateLimitBeforeSecurityFilter(RateLimitEnforcer enforcer,
			RateLimitProperties properties, ConfigurableListableBeanFactory beanFactory, ClientAddresses addresses) {
		List<RateLimitFilter.PathRule> rules = rules(properties, true);
		RateLimitFilter filter = new RateLimitFilter(enforcer, rules, () -> exceptionResolver(beanFactory),
				(request) -> addresses.identity(request.getRemoteAddr()));
		FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("rateLimitBeforeSecurityFilter");
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
		registration.setOrder(properties.getFilter().getBeforeSecurityOrder());
		registration.setEnabled(!rules.isEmpty());
		return registration;
	}

	private static List<RateLimitFilter.PathRule> rules(RateLimitProperties properties, boolean beforeSecurity) {
		return properties.getFilter()
			.getRules()
			.stream()
			.filter((rule) -> rule.isBeforeSecurity() == beforeSecurity)
			.map((rule) -> RateLimitFilter.PathRule.of(rule.getPaths(), rule.getTier(), rule.getCost()))
			.toList();
	}

	private static HandlerExceptionResolver exceptionResolver(ConfigurableListableBeanFactory beanFactory) {
		return beanFactory.containsBean("handlerExceptionResolver")
				? beanFactory.getBean("handlerExceptionResolver", HandlerExceptionResolver.class) : null;
	}

}
