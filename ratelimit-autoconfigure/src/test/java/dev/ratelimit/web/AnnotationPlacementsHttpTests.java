package dev.ratelimit.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every placement of {@link RateLimited} that startup accepts is enforced, over real HTTP
 * with a real Redis: an interface method the controller implements, a composed
 * annotation, a class declaration over handler methods inherited from an unannotated base
 * class, a class and a method naming different tiers, both charged, a keyed
 * {@code @HttpExchange} handler, and a handler of an application's own
 * {@code RequestMappingHandlerMapping}.
 */
@SharedApplicationTest
class AnnotationPlacementsHttpTests extends HttpTestBase {

	private final String apiKey = "placement-" + UUID.randomUUID();

	@Test
	void annotationOnAnImplementedInterfaceMethodIsEnforced() {
		assertLimitedToThree("/placements/interface");
	}

	@Test
	void keyedAnnotationOnAnImplementedInterfaceMethodCountsTheNamedClient() {
		assertLimitedToThree("/placements/interface/acme");
		// another named client has its own budget, whoever calls
		assertThat(get("/placements/interface/globex").statusCode()).isEqualTo(200);
	}

	@Test
	void keyReadingOnlyTheRequestIsChargedWithoutAProxyEvenOnAFinalMethod() {
		assertLimitedToThree("/placements/header", "X-Tenant", "initech");
		assertThat(get("/placements/header", "X-Tenant", "hooli").statusCode()).isEqualTo(200);
	}

	@Test
	void composedAnnotationIsEnforced() {
		assertLimitedToThree("/placements/composed");
	}

	@Test
	void classAnnotationCoversHandlerMethodsInheritedFromAnUnannotatedBaseClass() {
		assertLimitedToThree("/placements/inherited");
	}

	@Test
	void classAndMethodNamingDifferentTiersChargeBothAndTheStricterDecides() {
		HttpResponse<String> first = get("/placements/both");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(header(first, "RateLimit-Policy"))
			.isEqualTo("\"loose.per-hour\";q=5;w=3600, \"strict.per-hour\";q=2;w=3600");
		assertThat(header(first, "RateLimit"))
			.isEqualTo("\"loose.per-hour\";r=4;t=720, \"strict.per-hour\";r=1;t=1800");
		assertThat(header(first, "RateLimit-Remaining")).isEqualTo("1");
		assertThat(get("/placements/both").statusCode()).isEqualTo(200);
		HttpResponse<String> denied = get("/placements/both");
		assertThat(denied.statusCode()).isEqualTo(429);
		// decided together: the method's tier denied, so the class's was not charged (3
		// of
		// 5 left) and still reports its standing
		assertThat(header(denied, "RateLimit"))
			.isEqualTo("\"loose.per-hour\";r=3;t=1440, \"strict.per-hour\";r=0;t=1800");
		assertThat(denied.body()).contains("\"violated-policies\":[\"strict.per-hour\"]");
	}

	@Test
	void keyedClassDeclarationChargesOnlyTheHandlerNotTheControllersBinderModelOrExceptionMethods() {
		String prefix = "tenant-" + UUID.randomUUID();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> response = get("/placements/tenants/" + prefix + "-" + i);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(header(response, "RateLimit-Remaining")).isEqualTo("2");
		}
		List<Integer> failing = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			failing.add(get("/placements/tenants/" + prefix + "-failing-" + i + "/fail").statusCode());
		}
		assertThat(failing).containsExactly(409, 409, 409, 409, 409, 409);
	}

	@Test
	void keyedHandlerCalledByAnotherControllerIsNotCharged() {
		String tenant = "tenant-" + UUID.randomUUID();
		for (int i = 0; i < 4; i++) {
			assertThat(get("/placements/delegate/" + tenant).statusCode()).isEqualTo(200);
		}
		assertLimitedToThree("/placements/tenants/" + tenant);
	}

	@Test
	void keyedHandlerOfARequestScopedControllerIsEnforced() {
		String tenant = "tenant-" + UUID.randomUUID();
		assertLimitedToThree("/placements/scoped/" + tenant);
		assertThat(get("/placements/scoped/other-" + tenant).statusCode()).isEqualTo(200);
	}

	@Test
	void keyedHttpExchangeHandlerCountsTheNamedClient() {
		String tenant = "tenant-" + UUID.randomUUID();
		assertLimitedToThree("/placements/exchange/" + tenant);
		assertThat(get("/placements/exchange/other-" + tenant).statusCode()).isEqualTo(200);
	}

	@Test
	void handlerOfAnApplicationsOwnHandlerMappingIsEnforced() {
		assertLimitedToThree("/placements/versioned");
	}

	private void assertLimitedToThree(String path, String... headers) {
		List<Integer> statuses = new ArrayList<>();
		List<String> remaining = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = get(path, headers);
			statuses.add(response.statusCode());
			remaining.add(header(response, "RateLimit-Remaining"));
			assertThat(header(response, "RateLimit-Policy")).isEqualTo("\"per-hour\";q=3;w=3600");
		}
		assertThat(statuses).containsExactly(200, 200, 200, 429);
		assertThat(remaining).containsExactly("2", "1", "0", "0");
	}

	private HttpResponse<String> get(String path, String... headers) {
		List<String> all = new ArrayList<>(List.of("X-API-Key", this.apiKey));
		all.addAll(List.of(headers));
		return this.http.get(path, all.toArray(String[]::new));
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	/**
	 * A contract-first API, as OpenAPI generators write it.
	 */
	interface LimitedApi {

		@RateLimited(tier = "three")
		@GetMapping("/placements/interface")
		Map<String, String> limited();

		@RateLimited(tier = "three", key = "#tenant")
		@GetMapping("/placements/interface/{tenant}")
		Map<String, String> keyed(@PathVariable("tenant") String tenant);

	}

	@RestController
	static class Implementing implements LimitedApi {

		@Override
		public Map<String, String> limited() {
			return Map.of("ok", "interface");
		}

		@Override
		public Map<String, String> keyed(String tenant) {
			return Map.of("ok", tenant);
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@RateLimited(tier = "three")
	@interface ThreeTier {

	}

	@RestController
	static class Composed {

		// a proxy could not intercept a final method; the interceptor needs none
		@RateLimited(tier = "three", key = "#request.getHeader('X-Tenant')")
		@GetMapping("/placements/header")
		public final Map<String, String> header() {
			return Map.of("ok", "header");
		}

		@ThreeTier
		@GetMapping("/placements/composed")
		Map<String, String> composed() {
			return Map.of("ok", "composed");
		}

	}

	@RestController
	@RateLimited(tier = "three", key = "#tenant")
	public static class KeyedClass {

		@InitBinder
		public void initBinder(WebDataBinder binder) {
		}

		@ModelAttribute
		public void model(Model model) {
			model.addAttribute("seen", true);
		}

		@GetMapping("/placements/tenants/{tenant}")
		public Map<String, String> orders(@PathVariable("tenant") String tenant) {
			return Map.of("ok", tenant);
		}

		@GetMapping("/placements/tenants/{tenant}/fail")
		public Map<String, String> fail(@PathVariable("tenant") String tenant) {
			throw new IllegalStateException("failing");
		}

		@ExceptionHandler(IllegalStateException.class)
		public ResponseEntity<String> failed(IllegalStateException ex) {
			return ResponseEntity.status(409).body("failed");
		}

	}

	@RestController
	static class Delegating {

		private final KeyedClass keyed;

		Delegating(KeyedClass keyed) {
			this.keyed = keyed;
		}

		@GetMapping("/placements/delegate/{tenant}")
		Map<String, String> delegate(@PathVariable("tenant") String tenant) {
			return this.keyed.orders(tenant);
		}

	}

	@RestController
	@Scope(value = WebApplicationContext.SCOPE_REQUEST, proxyMode = ScopedProxyMode.TARGET_CLASS)
	public static class RequestScoped {

		@RateLimited(tier = "three", key = "#tenant")
		@GetMapping("/placements/scoped/{tenant}")
		public Map<String, String> get(@PathVariable("tenant") String tenant) {
			return Map.of("ok", tenant);
		}

	}

	@RestController
	public static class Exchanging {

		@RateLimited(tier = "three", key = "#tenant")
		@GetExchange("/placements/exchange/{tenant}")
		public Map<String, String> get(@PathVariable("tenant") String tenant) {
			return Map.of("ok", tenant);
		}

	}

	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Versioned {

	}

	/**
	 * An application's own handler mapping, for the beans it marks, ahead of Spring's.
	 */
	static class VersionedMapping extends RequestMappingHandlerMapping {

		VersionedMapping() {
			setOrder(-1);
		}

		@Override
		protected boolean isHandler(Class<?> beanType) {
			return AnnotatedElementUtils.hasAnnotation(beanType, Versioned.class);
		}

	}

	@Versioned
	@ResponseBody
	static class VersionedApi {

		@RateLimited(tier = "three")
		@GetMapping("/placements/versioned")
		Map<String, String> get() {
			return Map.of("ok", "versioned");
		}

	}

	static class UnannotatedBase {

		@GetMapping("/placements/inherited")
		public Map<String, String> inherited() {
			return Map.of("ok", "inherited");
		}

	}

	@RestController
	@RateLimited(tier = "three")
	static class Inheriting extends UnannotatedBase {

	}

	@RestController
	@RateLimited(tier = "loose")
	static class ClassAndMethod {

		@RateLimited(tier = "strict")
		@GetMapping("/placements/both")
		Map<String, String> both() {
			return Map.of("ok", "both");
		}

	}

}
