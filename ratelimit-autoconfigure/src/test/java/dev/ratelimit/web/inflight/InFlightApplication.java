package dev.ratelimit.web.inflight;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import dev.ratelimit.web.ApiKeyVerifier;
import dev.ratelimit.web.RateLimited;
import dev.ratelimit.web.app.TestSecurity;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Endpoints that hold their requests in flight until a test opens the {@link Gate}, one
 * per kind of handler: synchronous, {@code Callable}, {@code DeferredResult},
 * {@code StreamingResponseBody}, server-sent events, and one that fails.
 */
@SpringBootApplication
public class InFlightApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return TestSecurity.basic(http);
	}

	/**
	 * Every API key counts as its own client.
	 */
	@Bean
	ApiKeyVerifier everyKeyIsKnown() {
		return (apiKey) -> true;
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	/**
	 * The endpoints, which the servlet HTTP tests' shared application serves as well.
	 */
	@RestController
	public static class Endpoints {

		private final Gate gate;

		Endpoints(Gate gate) {
			this.gate = gate;
		}

		@RateLimited(tier = "export")
		@GetMapping("/api/hold")
		Map<String, String> hold() {
			this.gate.pass();
			return Map.of("ok", "held");
		}

		@RateLimited(tier = "mixed")
		@GetMapping("/api/mixed")
		Map<String, String> mixed() {
			this.gate.pass();
			return Map.of("ok", "mixed");
		}

		/**
		 * Limited by a path rule, not an annotation.
		 */
		@GetMapping("/api/ruled")
		Map<String, String> ruled() {
			this.gate.pass();
			return Map.of("ok", "ruled");
		}

		@RateLimited(tier = "single")
		@GetMapping("/api/single/quick")
		Map<String, String> quick() {
			return Map.of("ok", "quick");
		}

		@RateLimited(tier = "single")
		@GetMapping("/api/single/callable")
		Callable<Map<String, String>> callable() {
			return () -> {
				this.gate.pass();
				return Map.of("ok", "callable");
			};
		}

		@RateLimited(tier = "single")
		@GetMapping("/api/single/deferred")
		DeferredResult<Map<String, String>> deferred() {
			DeferredResult<Map<String, String>> result = new DeferredResult<>(30_000L);
			CompletableFuture.runAsync(() -> {
				this.gate.pass();
				result.setResult(Map.of("ok", "deferred"));
			});
			return result;
		}

		@RateLimited(tier = "single")
		@GetMapping("/api/single/streaming")
		StreamingResponseBody streaming() {
			return (out) -> {
				this.gate.pass();
				out.write("streamed".getBytes(StandardCharsets.UTF_8));
			};
		}

		@RateLimited(tier = "single")
		@GetMapping(path = "/api/single/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		SseEmitter sse() {
			SseEmitter emitter = new SseEmitter(30_000L);
			CompletableFuture.runAsync(() -> {
				this.gate.pass();
				try {
					emitter.send("event");
					emitter.complete();
				}
				catch (IOException ex) {
					emitter.completeWithError(ex);
				}
			});
			return emitter;
		}

		@RateLimited(tier = "single")
		@GetMapping("/api/single/failing")
		Map<String, String> failing() {
			this.gate.pass();
			throw new IllegalStateException("handler failed");
		}

		/**
		 * Streams until the client goes away, which only a failed write tells.
		 */
		@RateLimited(tier = "single")
		@GetMapping("/api/single/endless")
		StreamingResponseBody endless() {
			return (out) -> stream(out);
		}

		private void stream(OutputStream out) throws IOException {
			this.gate.enter();
			// more than the response buffer each time, so that every write reaches the
			// socket and a write after the client left fails
			byte[] chunk = new byte[32 * 1024];
			while (true) {
				out.write(chunk);
				out.flush();
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

}
