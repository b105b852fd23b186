package dev.ratelimit.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.web.app.EndlessEmitters;
import dev.ratelimit.web.app.HttpTestBase;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An action registered with {@link ResponseCompletion} runs exactly once, after the
 * response is complete, with the status the client received, over real HTTP: for a
 * synchronous handler, a resolved and an unresolved exception, and every asynchronous
 * kind, a client that goes away included.
 */
@SharedApplicationTest
class ResponseCompletionHttpTests extends HttpTestBase {

	static final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();

	static final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

	@AfterAll
	static void stopExecutor() {
		executor.shutdownNow();
	}

	@BeforeEach
	void clear() {
		statuses.clear();
	}

	@Test
	void synchronousHandlerRunsTheActionOnceWithItsStatus() throws InterruptedException {
		assertThat(this.http.get("/completion/sync").statusCode()).isEqualTo(200);
		assertOneStatus(200);
	}

	@Test
	void resolvedExceptionReportsTheResolvedStatus() throws InterruptedException {
		assertThat(this.http.get("/completion/teapot").statusCode()).isEqualTo(418);
		assertOneStatus(418);
	}

	@Test
	void unresolvedExceptionCountsAsServerError() throws InterruptedException {
		assertThat(this.http.get("/completion/failing").statusCode()).isEqualTo(500);
		assertOneStatus(500);
	}

	@Test
	void exceptionAFilterTranslatesReportsTheStatusTheFilterSent() throws InterruptedException {
		// as Spring Security's exception translation answers an access denied with 403
		assertThat(this.http.get("/completion/denied").statusCode()).isEqualTo(403);
		assertOneStatus(403);
	}

	@Test
	void callableRunsTheActionWhenItsResultIsWritten() throws InterruptedException {
		assertThat(this.http.get("/completion/callable").body()).isEqualTo("called");
		assertOneStatus(200);
	}

	@Test
	void deferredResultRunsTheActionWhenSetFromAnotherThread() throws InterruptedException {
		assertThat(this.http.get("/completion/deferred").statusCode()).isEqualTo(202);
		assertOneStatus(202);
	}

	@Test
	void streamingBodyRunsTheActionWhenTheStreamEnds() throws InterruptedException {
		assertThat(this.http.get("/completion/streaming").body()).isEqualTo("0123456789");
		assertOneStatus(200);
	}

	@Test
	void serverSentEventsRunTheActionWhenTheEmitterCompletes() throws InterruptedException {
		assertThat(this.http.get("/completion/events").body()).contains("data:3");
		assertOneStatus(200);
	}

	@Test
	void clientGoingAwayFromAnEndlessStreamRunsTheAction() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /completion/endless HTTP/1.1\r\nHost: localhost\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
		}
		// run once the stream failed on the closed connection, whatever status it reports
		assertThat(statuses.poll(30, TimeUnit.SECONDS)).isNotNull();
		assertThat(statuses.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	private static void assertOneStatus(int expected) throws InterruptedException {
		assertThat(statuses.poll(10, TimeUnit.SECONDS)).isEqualTo(expected);
		// exactly once: nothing else arrives, whichever dispatches end afterwards
		assertThat(statuses.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@RestController
	static class Completing {

		private static void register(HttpServletRequest request) {
			register(request, new AtomicBoolean(true));
		}

		/**
		 * Register an action that records the status, negated if the handler's work had
		 * not finished when it ran.
		 */
		private static void register(HttpServletRequest request, AtomicBoolean finished) {
			ResponseCompletion.onComplete(request, (status) -> statuses.add(finished.get() ? status : -status));
		}

		@GetMapping("/completion/sync")
		String sync(HttpServletRequest request) {
			register(request);
			return "ok";
		}

		@GetMapping("/completion/teapot")
		String teapot(HttpServletRequest request) {
			register(request);
			throw new ResponseStatusException(HttpStatus.I_AM_A_TEAPOT);
		}

		@GetMapping("/completion/failing")
		String failing(HttpServletRequest request) {
			register(request);
			throw new IllegalStateException("unresolved");
		}

		@GetMapping("/completion/denied")
		String denied(HttpServletRequest request) {
			register(request);
			throw new DeniedException();
		}

		@GetMapping("/completion/callable")
		Callable<String> callable(HttpServletRequest request) {
			AtomicBoolean finished = new AtomicBoolean();
			register(request, finished);
			// the work ends after the dispatch that started it
			CompletableFuture<String> work = CompletableFuture.supplyAsync(() -> "called",
					CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
			return () -> {
				String result = work.join();
				finished.set(true);
				return result;
			};
		}

		@GetMapping("/completion/deferred")
		DeferredResult<ResponseEntity<String>> deferred(HttpServletRequest request) {
			register(request);
			DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
			CompletableFuture.runAsync(() -> result.setResult(ResponseEntity.accepted().body("later")),
					CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
			return result;
		}

		@GetMapping("/completion/streaming")
		StreamingResponseBody streaming(HttpServletRequest request) {
			AtomicBoolean finished = new AtomicBoolean();
			register(request, finished);
			return (out) -> {
				for (int i = 0; i < 10; i++) {
					out.write(('0' + i));
					out.flush();
				}
				finished.set(true);
			};
		}

		@GetMapping("/completion/events")
		SseEmitter events(HttpServletRequest request) {
			AtomicBoolean finished = new AtomicBoolean();
			register(request, finished);
			SseEmitter emitter = new SseEmitter(Duration.ofSeconds(10).toMillis());
			executor.schedule(() -> {
				try {
					for (int i = 0; i < 4; i++) {
						emitter.send(i);
					}
					finished.set(true);
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			}, 50, TimeUnit.MILLISECONDS);
			return emitter;
		}

		@GetMapping("/completion/endless")
		SseEmitter endless(HttpServletRequest request) {
			register(request);
			return EndlessEmitters.ticking(new SseEmitter(Duration.ofSeconds(60).toMillis()), executor,
					Duration.ofMillis(20));
		}

	}

	/**
	 * Thrown by a handler and answered by a filter, not by Spring MVC.
	 */
	static class DeniedException extends RuntimeException {

	}

	/**
	 * A filter outside the dispatcher that answers {@link DeniedException} with 403, as
	 * Spring Security's {@code ExceptionTranslationFilter} answers an access denied.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Translating {

		@Bean
		FilterRegistrationBean<Filter> translatingFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				try {
					chain.doFilter(request, response);
				}
				catch (ServletException | RuntimeException ex) {
					Throwable cause = (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
					if (!(cause instanceof DeniedException)) {
						throw ex;
					}
					((HttpServletResponse) response).sendError(403);
				}
			});
			registration.setOrder(0);
			return registration;
		}

	}

}
