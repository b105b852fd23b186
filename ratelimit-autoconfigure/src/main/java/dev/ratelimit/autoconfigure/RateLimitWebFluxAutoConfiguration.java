package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.http.RateLimitPipeline;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.DeclaredRateLimits;
import dev.ratelimit.web.ExceptionAdvices;
import dev.ratelimit.web.RuntimePlanTiers;
import dev.ratelimit.webflux.DefaultExchangeKeyResolver;
import dev.ratelimit.webflux.ExchangeClients;
import dev.ratelimit.webflux.ExchangeKeyResolver;
import dev.ratelimit.webflux.ExchangePlanLimitsResolver;
import dev.ratelimit.webflux.ExchangePlans;
import dev.ratelimit.webflux.ExchangeTierResolver;
import dev.ratelimit.webflux.RateLimitHandlerAdapter;
import dev.ratelimit.webflux.RateLimitHandlerFilterFunctions;
import dev.ratelimit.webflux.RateLimitWebFilter;
import dev.ratelimit.webflux.RateLimitRefusal;
import dev.ratelimit.webflux.RateLimitedHandlersValidator;
import dev.ratelimit.webflux.ReactiveEnforcer;
import dev.ratelimit.webflux.RejectionResponses;
import dev.ratelimit.webflux.WebFluxKeys;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerAdapter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the WebFlux integration: key and tier resolution, runtime plans,
 * the {@code @RateLimited} handler adapter, the filter of functional endpoints, the
 * path-rule {@code WebFilter}s and the 429/503 response. Startup fails, naming the
 * property, when the configuration declares what WebFlux does not enforce (requests in
 * flight, charges after the response, servlet-typed resolver beans) or connects through
 * Jedis.
 */
@AutoConfiguration(after = RateLimitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(DispatcherHandler.class)
@ConditionalOnBooleanProperty(name = "ratelimit.enabled", matchIfMissing = true)
@ConditionalOnBean(RateLimiter.class)
public final class RateLimitWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ExchangeKeyResolver rateLimitExchangeKeyResolver(RateLimitProperties properties, TierRegistry registry,
			ObjectProvider<ApiKeyVerifier> verifiers, ClientAddresses addresses) {
		return defaultKeyResolver(properties, registry, verifiers, addresses);
	}

	private static DefaultExchangeKeyResolver defaultKeyResolver(RateLimitProperties properties, TierRegistry registry,
			ObjectProvider<ApiKeyVerifier> verifiers, ClientAddresses addresses) {
		return new DefaultExchangeKeyResolver(properties.getKey().getHeader(),
				KnownApiKeys.of(properties, registry, verifiers), addresses);
	}

	@Bean
	@ConditionalOnMissingBean
	ExchangeClients rateLimitExchangeClients(TierRegistry registry, ClientKeys keys, RateLimitProperties properties,
			ExchangeKeyResolver keyResolver, ObjectProvider<ApiKeyVerifier> verifiers, ClientAddresses addresses,
			ObjectProvider<ExchangeTierResolver> tierResolver) {
		// the default answers when an application's resolver fails
		ExchangeKeyResolver fallback = (keyResolver instanceof DefaultExchangeKeyResolver) ? keyResolver
				: defaultKeyResolver(properties, registry, verifiers, addresses);
		return new ExchangeClients(registry, keys, properties.getKey().getHeader(), keyResolver, fallback,
				tierResolver.getIfAvailable(), planTimeout(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	ExchangePlans rateLimitExchangePlans(ObjectProvider<ExchangePlanLimitsResolver> resolver, TierRegistry registry,
			RateLimitProperties properties) {
		// no tier is charged after the response on WebFlux: startup refuses them
		RuntimePlanTiers tiers = new RuntimePlanTiers(RateLimitPipelineFactory.fallbackTier(properties, registry),
				(tier) -> false);
		return new ExchangePlans(resolver.getIfAvailable(), tiers, planTimeout(properties));
	}

	private static Duration planTimeout(RateLimitProperties properties) {
		Duration timeout = properties.getPlans().getTimeout();
		ValidProperty.require(!timeout.isNegative() && !timeout.isZero(), "ratelimit.plans.timeout", timeout,
				"must be positive");
		return timeout;
	}

	@Bean
	@ConditionalOnMissingBean
	ReactiveEnforcer rateLimitReactiveEnforcer(ExchangeClients clients, ExchangePlans plans, RateLimitGuard guard,
			RateLimitProperties properties, TierRegistry registry, ConcurrencyLimits concurrency,
			ObjectProvider<RateLimitObserver> observers, ObjectProvider<ScriptRunner> scripts,
			ConfigurableListableBeanFactory beans) {
		ReactiveStackRequirements.check(properties, concurrency, scripts.getIfAvailable());
		ReactiveStackRequirements.checkNoServletExtensions(beans);
		// no tier is charged after the response: startup refuses them above
		RateLimitPipeline pipeline = RateLimitPipelineFactory.pipeline(properties, registry, concurrency, observers,
				(tier) -> false);
		return new ReactiveEnforcer(clients, plans, pipeline, guard, RateLimitPipelineFactory.headers(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	RejectionResponses rateLimitRejectionResponses(ObjectProvider<ServerCodecConfigurer> codecs) {
		return new RejectionResponses(codecs.getIfAvailable(ServerCodecConfigurer::create).getWriters());
	}

	@Bean
	@ConditionalOnMissingBean
	DeclaredRateLimits rateLimitDeclarations(TierRegistry registry) {
		return new DeclaredRateLimits(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	WebFluxKeys rateLimitWebFluxKeys(ClientAddresses addresses) {
		return new WebFluxKeys(addresses);
	}

	@Bean
	RateLimitedHandlersValidator rateLimitedHandlersValidator(ConfigurableListableBeanFactory beanFactory,
			DeclaredRateLimits declarations) {
		return new RateLimitedHandlersValidator(beanFactory, declarations);
	}

	@Bean
	RateLimitHandlerAdapter rateLimitHandlerAdapter(DeclaredRateLimits declarations, ReactiveEnforcer enforcer,
			WebFluxKeys keys, RejectionResponses rejections, ObjectProvider<RequestMappingHandlerAdapter> adapter,
			ConfigurableListableBeanFactory beans) {
		return new RateLimitHandlerAdapter(declarations, enforcer, keys, rejections, adapter::getObject,
				() -> ExceptionAdvices.handle(beans, List.of(RateLimitRefusal.class)));
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitHandlerFilterFunctions rateLimitHandlerFilterFunctions(ReactiveEnforcer enforcer, TierRegistry registry,
			RejectionResponses rejections) {
		return new RateLimitHandlerFilterFunctions(enforcer, registry, rejections);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ratelimit.filter.enabled", matchIfMissing = true)
	RateLimitWebFilter rateLimitWebFilter(ReactiveEnforcer enforcer, RateLimitProperties properties,
			RejectionResponses rejections) {
		return new RateLimitWebFilter(enforcer, rules(properties, false), (exchange) -> null, rejections,
				properties.getFilter().getOrder());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ratelimit.filter.enabled", matchIfMissing = true)
	RateLimitWebFilter rateLimitBeforeSecurityWebFilter(ReactiveEnforcer enforcer, RateLimitProperties properties,
			RejectionResponses rejections, WebFluxKeys keys) {
		return new RateLimitWebFilter(enforcer, rules(properties, true), keys::address, rejections,
				properties.getFilter().getBeforeSecurityOrder());
	}

	private static List<RateLimitWebFilter.PathRule> rules(RateLimitProperties properties, boolean beforeSecurity) {
		return properties.getFilter()
			.getRules()
			.stream()
			.filter((rule) -> rule.isBeforeSecurity() == beforeSecurity)
			.map((rule) -> RateLimitWebFilter.PathRule.of(rule.getPaths(), rule.getTier(), rule.getCost()))
			.toList();
	}

}
