package dev.ratelimit.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.ratelimit.web.app.HttpTestBase;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Annotations charge what path rules charge, over real HTTP with a real Redis: a request
 * and a forward, never an include or an error dispatch, which belong to a request that
 * was already decided; with and without a key reading the arguments.
 */
@SharedApplicationTest
class DispatchTypesHttpTests extends HttpTestBase {

	private final String apiKey = "dispatch-" + UUID.randomUUID();

	@Test
	void anErrorDispatchToAnAnnotatedHandlerChargesNothingMore() {
		List<String> results = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> response = get("/dispatch/teapot");
			results.add(response.statusCode() + ":" + header(response, "RateLimit-Remaining"));
		}
		// the request's own tier decides; the error page's tier is charged by nobody
		assertThat(results).containsExactly("418:2", "418:1", "418:0", "429:0");
		assertThat(get("/dispatch/plain-teapot").body()).isEqualTo("error page");
		assertThat(header(get("/dispatch/error-page"), "RateLimit-Remaining")).isEqualTo("9");
	}

	@Test
	void anErrorDispatchToAKeyedHandlerChargesNothing() {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = get("/dispatch/conflict");
			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(response.body()).isEqualTo("keyed error page");
			assertThat(response.headers().firstValue("RateLimit-Remaining")).isEmpty();
		}
		assertThat(header(get("/dispatch/keyed-error-page"), "RateLimit-Remaining")).isEqualTo("9");
	}

	@Test
	void anIncludeOfAnnotatedHandlersChargesNothing() {
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = get("/dispatch/including");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("included:keyed included");
			assertThat(response.headers().firstValue("RateLimit-Remaining")).isEmpty();
		}
		assertThat(header(get("/dispatch/included"), "RateLimit-Remaining")).isEqualTo("9");
		assertThat(header(get("/dispatch/keyed-included"), "RateLimit-Remaining")).isEqualTo("9");
	}

	@Test
	void aForwardToAnAnnotatedHandlerIsChargedOnce() {
		for (int i = 0; i < 3; i++) {
			assertThat(header(get("/dispatch/forwarding"), "RateLimit-Remaining")).isEqualTo(Integer.toString(9 - i));
		}
		assertThat(header(get("/dispatch/included"), "RateLimit-Remaining")).isEqualTo("6");
	}

	private HttpResponse<String> get(String path) {
		return this.http.get(path, "X-API-Key", this.apiKey, "X-Key", this.apiKey);
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse("-");
	}

	@Configuration(proxyBeanMethods = false)
	static class Dispatching {

		@Bean
		ErrorPageRegistrar dispatchErrorPages() {
			return (registry) -> registry.addErrorPages(new ErrorPage(HttpStatus.I_AM_A_TEAPOT, "/dispatch/error-page"),
					new ErrorPage(HttpStatus.CONFLICT, "/dispatch/keyed-error-page"));
		}

		@Bean
		DispatchingEndpoints dispatchingEndpoints() {
			return new DispatchingEndpoints();
		}

	}

	@RestController
	static class DispatchingEndpoints {

		@RateLimited(tier = "three")
		@GetMapping("/dispatch/teapot")
		void teapot(HttpServletResponse response) throws IOException {
			response.sendError(418);
		}

		@GetMapping("/dispatch/plain-teapot")
		void plainTeapot(HttpServletResponse response) throws IOException {
			response.sendError(418);
		}

		@GetMapping("/dispatch/conflict")
		void conflict(HttpServletResponse response) throws IOException {
			response.sendError(409);
		}

		@RateLimited(tier = "pages")
		@RequestMapping("/dispatch/error-page")
		ResponseEntity<String> errorPage() {
			return ResponseEntity.status(418).body("error page");
		}

		@RateLimited(tier = "pages", key = "#key")
		@RequestMapping("/dispatch/keyed-error-page")
		ResponseEntity<String> keyedErrorPage(@RequestHeader("X-Key") String key) {
			return ResponseEntity.status(409).body("keyed error page");
		}

		@GetMapping("/dispatch/including")
		void including(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
			request.getRequestDispatcher("/dispatch/included").include(request, response);
			response.getOutputStream().write(':');
			request.getRequestDispatcher("/dispatch/keyed-included").include(request, response);
		}

		@RateLimited(tier = "pages")
		@GetMapping("/dispatch/included")
		String included() {
			return "included";
		}

		@RateLimited(tier = "pages", key = "#key")
		@GetMapping("/dispatch/keyed-included")
		String keyedIncluded(@RequestHeader("X-Key") String key) {
			return "keyed included";
		}

		@GetMapping("/dispatch/forwarding")
		void forwarding(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
			request.getRequestDispatcher("/dispatch/included").forward(request, response);
		}

	}

}
