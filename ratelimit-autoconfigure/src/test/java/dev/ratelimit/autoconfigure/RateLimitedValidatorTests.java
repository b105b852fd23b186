package dev.ratelimit.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.ratelimit.web.RateLimited;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What startup validation accepts beside what it refuses: beans that are no controller
 * but implement an annotated interface, and scoped-proxy controllers, start; a
 * declaration the class itself makes on no handler still stops startup.
 */
class RateLimitedValidatorTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RateLimitAutoConfiguration.class, RateLimitWebAutoConfiguration.class,
				AopAutoConfiguration.class, DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
		.withPropertyValues("ratelimit.backend=local", "ratelimit.tiers.free.limits.per-minute.limit=60",
				"ratelimit.tiers.free.limits.per-minute.period=1m");

	@Test
	void aBeanThatIsNoControllerButImplementsAnAnnotatedInterfaceStarts() {
		this.runner.withUserConfiguration(OrdersController.class, Clients.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(OrdersClient.class));
	}

	@Test
	void aScopedProxyControllerWithAKeyedHandlerStarts() {
		this.runner.withUserConfiguration(RequestScopedController.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RequestScopedController.class)).isInstanceOf(ScopedObject.class);
		});
	}

	@Test
	void aScopedProxyControllerFailsStartupWhenNothingProxiesItsTarget() {
		this.runner.withPropertyValues("spring.aop.auto=false")
			.withUserConfiguration(RequestScopedController.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasMessageContaining("@RateLimited on " + RequestScopedController.class.getName() + ".get()")
					.hasMessageContaining("the bean is not proxied");
			});
	}

	@Test
	void aDeclarationTheClassItselfMakesOnNoHandlerStillFailsStartup() {
		this.runner.withUserConfiguration(Clients.class, AnnotatedClient.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("@RateLimited on " + AnnotatedClient.class.getName() + ".orders()")
				.hasMessageContaining("is on no request handler method");
		});
	}

	@Test
	void aKeyedHandlerTheKeyAdvisorDoesNotInterceptFailsStartup() {
		this.runner.withUserConfiguration(OwnMappingController.class, OwnMapping.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasMessageContaining("@RateLimited on " + OwnMappingController.class.getName() + ".tenant()")
				.hasMessageContaining("which does not intercept this one");
		});
	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@interface OwnRoute {

		String value();

	}

	/**
	 * An application's own mapping of methods by an annotation of its own.
	 */
	static class OwnMapping extends RequestMappingHandlerMapping {

		@Override
		protected @Nullable RequestMappingInfo getMappingForMethod(Method method, Class<?> handlerType) {
			OwnRoute route = AnnotatedElementUtils.findMergedAnnotation(method, OwnRoute.class);
			return (route != null) ? RequestMappingInfo.paths(route.value()).build() : null;
		}

	}

	@RestController
	public static class OwnMappingController {

		@RateLimited(tier = "free", key = "#tenant")
		@GetMapping("/mapped/{tenant}")
		public String mapped(@PathVariable("tenant") String tenant) {
			return tenant;
		}

		@RateLimited(tier = "free", key = "#tenant")
		@OwnRoute("/own/{tenant}")
		public String tenant(@PathVariable("tenant") String tenant) {
			return tenant;
		}

	}

	@RateLimited(tier = "free")
	public interface ReportsApi {

		@GetMapping("/reports")
		String reports();

	}

	public interface OrdersApi {

		@RateLimited(tier = "free")
		@GetMapping("/orders")
		String orders();

	}

	@RestController
	public static class OrdersController implements OrdersApi, ReportsApi {

		@Override
		public String orders() {
			return "orders";
		}

		@Override
		public String reports() {
			return "reports";
		}

	}

	/**
	 * A client of the same API, such as a test fake or a delegate: no controller.
	 */
	public static class OrdersClient implements OrdersApi, ReportsApi {

		@Override
		public String orders() {
			return "orders";
		}

		@Override
		public String reports() {
			return "reports";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Clients {

		@Bean
		OrdersClient ordersClient() {
			return new OrdersClient();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedClient {

		@RateLimited(tier = "free")
		public String orders() {
			return "orders";
		}

	}

	@RestController
	@Scope(value = WebApplicationContext.SCOPE_REQUEST, proxyMode = ScopedProxyMode.TARGET_CLASS)
	public static class RequestScopedController {

		@RateLimited(tier = "free", key = "#id")
		@GetMapping("/scoped/{id}")
		public String get(@PathVariable String id) {
			return id;
		}

	}

}
