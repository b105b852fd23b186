package dev.ratelimit.gateway.mvc;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ratelimit.autoconfigure.RateLimitAutoConfiguration;
import dev.ratelimit.autoconfigure.RateLimitWebAutoConfiguration;
import dev.ratelimit.web.RateLimitEnforcer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.gateway.server.mvc.GatewayServerMvcAutoConfiguration;
import org.springframework.cloud.gateway.server.mvc.filter.FilterSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.web.servlet.function.HandlerFilterFunction;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayMvcRateLimitAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class,
				GatewayMvcRateLimitAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void servletGatewayGetsTheRouteEnforcerAndTheStartupCheck() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(RouteEnforcer.class)
			.hasSingleBean(RouteTierValidator.class));
	}

	@Test
	void withoutTheGatewayNothingIsAdded() {
		this.runner.withClassLoader(new FilteredClassLoader(GatewayServerMvcAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(RateLimitEnforcer.class)
				.doesNotHaveBean(RouteEnforcer.class)
				.doesNotHaveBean(RouteTierValidator.class));
	}

	@Test
	void turnedOffLimiterAddsNothing() {
		this.runner.withPropertyValues("ratelimit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RouteEnforcer.class)
				.doesNotHaveBean(RouteTierValidator.class));
	}

	@Test
	void applicationsRouteEnforcerTakesPrecedence() {
		this.runner.withUserConfiguration(OwnRouteEnforcer.class)
			.run((context) -> assertThat(context).getBean(RouteEnforcer.class)
				.isSameAs(context.getBean("ownRouteEnforcer")));
	}

	@Test
	void everyListedClassLoadsAndIsAnAutoConfiguration() throws Exception {
		List<String> names = listed();
		assertThat(names).containsExactly(GatewayMvcRateLimitAutoConfiguration.class.getName(),
				"dev.ratelimit.gateway.webflux.GatewayWebFluxRateLimitAutoConfiguration",
				"dev.ratelimit.gateway.webflux.GatewayRateLimiterAutoConfiguration");
		for (String name : names) {
			assertThat(Class.forName(name).isAnnotationPresent(AutoConfiguration.class)).as(name).isTrue();
		}
	}

	@Test
	void gatewayConfigurationIsOfferedTheRateLimitFilter() {
		List<FilterSupplier> suppliers = SpringFactoriesLoader.loadFactories(FilterSupplier.class,
				getClass().getClassLoader());
		List<Method> offered = suppliers.stream()
			.filter(RateLimitFilterFunctions.FilterSupplier.class::isInstance)
			.flatMap((supplier) -> supplier.get().stream())
			.filter((method) -> HandlerFilterFunction.class.isAssignableFrom(method.getReturnType()))
			.toList();
		assertThat(offered).extracting(Method::getName).containsExactly("rateLimit", "rateLimit");
	}

	private static List<String> listed() throws IOException {
		try (InputStream in = GatewayMvcRateLimitAutoConfigurationTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRouteEnforcer {

		@Bean
		RouteEnforcer ownRouteEnforcer(RateLimitEnforcer enforcer) {
			return new RouteEnforcer(enforcer);
		}

	}

}
