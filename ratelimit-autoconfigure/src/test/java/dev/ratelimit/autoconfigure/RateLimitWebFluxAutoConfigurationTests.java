package dev.ratelimit.autoconfigure;

import dev.ratelimit.web.KeyResolver;
import dev.ratelimit.web.PlanLimitsResolver;
import dev.ratelimit.web.RateLimitEnforcer;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.TierResolver;
import dev.ratelimit.webflux.ExchangeKeyResolver;
import dev.ratelimit.webflux.RateLimitHandlerAdapter;
import dev.ratelimit.webflux.RateLimitHandlerFilterFunctions;
import dev.ratelimit.webflux.RateLimitWebFilter;
import dev.ratelimit.webflux.ReactiveEnforcer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.DispatcherHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux integration: present in reactive applications only, off the servlet stack,
 * and refusing at startup, by name, what WebFlux would not enforce.
 */
class RateLimitWebFluxAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class,
				RateLimitWebFluxAutoConfiguration.class, WebFluxAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void reactiveApplicationsGetTheWebFluxIntegrationAndNoServletPart() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(ReactiveEnforcer.class)
			.hasSingleBean(RateLimitHandlerAdapter.class)
			.hasSingleBean(RateLimitHandlerFilterFunctions.class)
			.hasSingleBean(ExchangeKeyResolver.class)
			.hasBean("rateLimitWebFilter")
			.hasBean("rateLimitBeforeSecurityWebFilter")
			.doesNotHaveBean(RateLimitEnforcer.class)
			.doesNotHaveBean("rateLimitFilter"));
	}

	@Test
	void servletApplicationsGetNoWebFluxPart() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class,
					RateLimitWebAutoConfiguration.class, RateLimitWebFluxAutoConfiguration.class))
			.withPropertyValues("ratelimit.backend=local")
			.run((context) -> assertThat(context).hasSingleBean(RateLimitEnforcer.class)
				.doesNotHaveBean(ReactiveEnforcer.class)
				.doesNotHaveBean(RateLimitWebFilter.class));
	}

	@Test
	void withoutWebFluxOnTheClassPathNothingOfItIsConfigured() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveEnforcer.class));
	}

	@Test
	void userKeyResolverTakesPrecedence() {
		this.runner.withUserConfiguration(CustomKeyResolver.class)
			.run((context) -> assertThat(context).getBean(ExchangeKeyResolver.class)
				.isSameAs(CustomKeyResolver.RESOLVER));
	}

	@ParameterizedTest
	@ValueSource(classes = { ServletKeyResolver.class, ServletTierResolver.class, ServletPlanLimitsResolver.class })
	void servletTypedExtensionBeanFailsStartupNamingTheBean(Class<?> configuration) {
		this.runner.withUserConfiguration(configuration)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("Bean 'servletExtension' is a dev.ratelimit.web.")
				.hasMessageContaining("never runs in a WebFlux application")
				.hasMessageContaining("declare a dev.ratelimit.webflux.Exchange"));
	}

	@Test
	void unknownFallbackTierFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.plans.fallback-tier=nosuch")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ratelimit.plans.fallback-tier")
				.hasMessageContaining("names unknown tier"));
	}

	@Test
	void planTimeoutOfZeroFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.plans.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ratelimit.plans.timeout")
				.hasMessageContaining("must be positive"));
	}

	@Test
	void concurrencyLimitFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("ratelimit.tiers.uploads.limits.in-flight.concurrent=2",
					"ratelimit.tiers.uploads.limits.in-flight.max-duration=30s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ratelimit.tiers.uploads.limits.in-flight.concurrent")
				.hasMessageContaining("requests in flight are not limited on WebFlux"));
	}

	@Test
	void refundOfServerErrorsFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.tiers.free.refund-server-errors=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ratelimit.tiers.free.refund-server-errors")
				.hasMessageContaining("charges after the response are not made on WebFlux"));
	}

	@Test
	void declarationOnAMethodThatIsNoHandlerFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(FunctionalHandler.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("@RateLimited on " + FunctionalHandler.class.getName() + ".quote()")
				.hasMessageContaining("is on no request handler method"));
	}

	@Test
	void chargeAfterResponseFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("ratelimit.tiers.free.counted-statuses=4xx")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("ratelimit.tiers.free.counted-statuses")
				.hasMessageContaining("charges after the response are not made on WebFlux"));
	}

	@Test
	void keyReadingAnArgumentFailsStartupNamingTheMethod() {
		this.runner.withUserConfiguration(ArgumentKeyController.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining(ArgumentKeyController.class.getName() + ".tenant()")
				.hasMessageContaining("#tenant")
				.hasMessageContaining("WebFlux cannot evaluate"));
	}

	@Test
	void addressKeyIsAccepted() {
		this.runner.withUserConfiguration(AddressKeyController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void routeNamingAnUnknownTierFailsStartup() {
		this.runner.withUserConfiguration(UnknownTierRoute.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("names unknown tier 'gold'"));
	}

	@Test
	void jedisFailsStartupInOneLine() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RateLimitAutoConfiguration.class,
					RateLimitWebFluxAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.client-type=jedis", "spring.data.redis.port=1",
					"ratelimit.redis.warm-up-timeout=0s", "ratelimit.tiers.free.limits.per-minute.limit=60",
					"ratelimit.tiers.free.limits.per-minute.period=1m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("A WebFlux application needs Lettuce to reach Redis without blocking an event loop, and "
						+ "Jedis has no non-blocking commands: use spring-boot-starter-data-redis's Lettuce (exclude "
						+ "Jedis) or set ratelimit.backend=local"));
	}

	/**
	 * A handler of functional routes, which no annotation reaches.
	 */
	@Component
	static class FunctionalHandler {

		@RateLimited(tier = "free")
		Mono<String> quote() {
			return Mono.just("quote");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServletKeyResolver {

		@Bean
		KeyResolver servletExtension() {
			return (request) -> "caller";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServletTierResolver {

		@Bean
		TierResolver servletExtension() {
			return (request, requested) -> requested;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServletPlanLimitsResolver {

		@Bean
		PlanLimitsResolver servletExtension() {
			return (request, tier) -> null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomKeyResolver {

		static final ExchangeKeyResolver RESOLVER = (exchange) -> Mono.just("custom");

		@Bean
		ExchangeKeyResolver customExchangeKeyResolver() {
			return RESOLVER;
		}

	}

	@RestController
	static class ArgumentKeyController {

		@RateLimited(tier = "free", key = "#tenant")
		@GetMapping("/tenant/{tenant}")
		Mono<String> tenant(@PathVariable String tenant) {
			return Mono.just(tenant);
		}

	}

	@RestController
	static class AddressKeyController {

		@RateLimited(tier = "free", key = "#address")
		@GetMapping("/address")
		Mono<String> address() {
			return Mono.just("address");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownTierRoute {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<?> route(
				RateLimitHandlerFilterFunctions rateLimits) {
			return org.springframework.web.reactive.function.server.RouterFunctions.route()
				.GET("/gold", (request) -> org.springframework.web.reactive.function.server.ServerResponse.ok().build())
				.filter(rateLimits.rateLimit("gold"))
				.build();
		}

	}

}
