package dev.ratelimit.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.web.app.EndlessEmitters;
import dev.ratelimit.web.app.Http;
import dev.ratelimit.web.app.HttpTestBase;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that abandons a response is charged for the status it received, over real HTTP
 * with a real Redis: a stream answered 200 and then abandoned is no server error, so a
 * tier that refunds server errors keeps its charge and a tier that counts 2xx counts it
 * (the permit of a concurrency limit is released as for any client that went away:
 * {@code InFlightHttpTests}). A server error before anything was committed is still given
 * back, and so is a {@code DeferredResult} timing out (503, the server's answer) and a
 * stream the server breaks off (500, as Tomcat reports it); an upload the client abandons
 * is the 400 Tomcat reports.
 */
@SharedApplicationTest
class AbandonedResponseHttpTests extends HttpTestBase {

	/**
	 * The statuses the requests completed with, in order; each arrives after the
	 * request's charge was settled, which was registered before it.
	 */
	static final BlockingQueue<Integer> completed = new LinkedBlockingQueue<>();

	static final BlockingQueue<Boolean> uploading = new LinkedBlockingQueue<>();

	static final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

	private final String apiKey = "abandon-" + UUID.randomUUID();

	private final List<Integer> admitted = new ArrayList<>();

	@AfterAll
	static void stopExecutor() {
		executor.shutdownNow();
	}

	@BeforeEach
	void clear() {
		completed.clear();
		uploading.clear();
	}

	@Test
	void abandonedStreamsAreChargedOnATierThatRefundsServerErrors() throws Exception {
		assertThat(abandonFiveTimes("/abandon/refunding/stream")).containsExactly(200, 200, 200, 429, 429);
		assertCompletedAs200();
	}

	@Test
	void abandonedServerSentEventsAreCharged() throws Exception {
		assertThat(abandonFiveTimes("/abandon/refunding/events")).containsExactly(200, 200, 200, 429, 429);
		assertCompletedAs200();
	}

	@Test
	void abandonedEmittersAreCharged() throws Exception {
		assertThat(abandonFiveTimes("/abandon/refunding/emitter")).containsExactly(200, 200, 200, 429, 429);
		assertCompletedAs200();
	}

	@Test
	void abandonedStreamsAreCountedOnATierThatCountsSuccesses() throws Exception {
		assertThat(abandonFiveTimes("/abandon/counted/stream")).containsExactly(200, 200, 200, 429, 429);
		assertCompletedAs200();
	}

	@Test
	void serverErrorsBeforeTheResponseIsCommittedAreStillGivenBack() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/abandon/refunding/failing")).isEqualTo(500);
			assertCompleted(500);
		}
		assertThreeMoreAdmitted();
	}

	@Test
	void deferredResultsTimingOutAreServerErrorsAndGivenBack() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(get("/abandon/refunding/late")).isEqualTo(503);
			assertCompleted(503);
		}
		assertThreeMoreAdmitted();
	}

	@Test
	void aStreamTheServerBreaksOffIsTheServerErrorTomcatReportsAndGivenBack() throws Exception {
		for (int i = 0; i < 5; i++) {
			// the client stays until the server breaks off: it reads the 200 the stream
			// committed, or the 500 Tomcat answers when the first chunk had not left yet;
			// Tomcat reports 500 for a failure other than an I/O error, committed or not
			try (Socket open = open("/abandon/refunding/broken")) {
				assertThat(Http.readStatus(open.getInputStream())).isIn(200, 500);
				assertCompleted(500);
			}
		}
		assertThreeMoreAdmitted();
	}

	@Test
	void uploadsTheClientAbandonsAreChargedAsTheBadRequestsTomcatReports() throws Exception {
		for (int i = 0; i < 3; i++) {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
				OutputStream out = socket.getOutputStream();
				out.write(("POST /abandon/refunding/upload HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + this.apiKey
						+ "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000000\r\n\r\nthe first bytes")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(uploading.poll(30, TimeUnit.SECONDS)).isNotNull();
			}
			// the handler fails reading the rest, before anything was committed
			assertCompleted(400);
		}
		assertThat(get("/abandon/refunding/ok")).isEqualTo(429);
	}

	/**
	 * Abandon five streams in a row, each once its status line arrived, and return the
	 * statuses read; the next starts once the last admitted one completed.
	 */
	private List<Integer> abandonFiveTimes(String path) throws Exception {
		List<Integer> answered = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int status = abandon(path);
			answered.add(status);
			if (status == 200) {
				Integer completion = completed.poll(10, TimeUnit.SECONDS);
				if (completion != null) {
					this.admitted.add(completion);
				}
			}
		}
		return answered;
	}

	/**
	 * Assert that the abandoned streams completed as 200. Tomcat may, rarely, recycle the
	 * request of an abandoned stream without completing its async context ("Encountered a
	 * non-recycled request"): such a stream is never settled, so it keeps its charge, and
	 * its completion is not waited for.
	 */
	private void assertCompletedAs200() {
		assertThat(this.admitted).isNotEmpty().containsOnly(200);
	}

	private void assertThreeMoreAdmitted() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			assertThat(get("/abandon/refunding/ok")).isEqualTo(200);
			assertCompleted(200);
		}
		assertThat(get("/abandon/refunding/ok")).isEqualTo(429);
	}

	private int get(String path) {
		return this.http.get(path, "X-API-Key", this.apiKey).statusCode();
	}

	/**
	 * Send a request, read its status line and close the connection.
	 */
	private int abandon(String path) throws IOException {
		try (Socket socket = open(path)) {
			return Http.readStatus(socket.getInputStream());
		}
	}

	private Socket open(String path) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + this.apiKey + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		return socket;
	}

	private static void assertCompleted(int status) throws InterruptedException {
		assertThat(completed.poll(30, TimeUnit.SECONDS)).isEqualTo(status);
		assertThat(completed.poll(100, TimeUnit.MILLISECONDS)).isNull();
	}

	@RestController
	static class Streaming {

		private static final byte[] CHUNK = new byte[1024];

		private static void recordCompletion(HttpServletRequest request) {
			ResponseCompletion.onComplete(request, completed::add);
		}

		private static StreamingResponseBody endless(HttpServletRequest request) {
			recordCompletion(request);
			return (out) -> {
				// written until the connection breaks under it
				while (true) {
					out.write(CHUNK);
					out.flush();
				}
			};
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/stream")
		StreamingResponseBody stream(HttpServletRequest request) {
			return endless(request);
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/events")
		SseEmitter events(HttpServletRequest request) {
			recordCompletion(request);
			return EndlessEmitters.ticking(new SseEmitter(Duration.ofMinutes(1).toMillis()), executor,
					Duration.ofMillis(10));
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/emitter")
		ResponseBodyEmitter emitter(HttpServletRequest request) {
			recordCompletion(request);
			return EndlessEmitters.ticking(new ResponseBodyEmitter(Duration.ofMinutes(1).toMillis()), executor,
					Duration.ofMillis(10));
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/ok")
		String ok(HttpServletRequest request) {
			recordCompletion(request);
			return "ok";
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/failing")
		String failing(HttpServletRequest request) {
			recordCompletion(request);
			throw new IllegalStateException("failed before answering");
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/broken")
		StreamingResponseBody broken(HttpServletRequest request) {
			recordCompletion(request);
			return (out) -> {
				out.write(CHUNK);
				out.flush();
				throw new IllegalStateException("the source of the stream failed");
			};
		}

		@RateLimited(tier = "abandon-refunding")
		@GetMapping("/abandon/refunding/late")
		DeferredResult<String> late(HttpServletRequest request) {
			recordCompletion(request);
			// never set: Spring answers the timeout with 503
			return new DeferredResult<>(50L);
		}

		@RateLimited(tier = "abandon-refunding")
		@PostMapping("/abandon/refunding/upload")
		String upload(HttpServletRequest request) throws IOException {
			recordCompletion(request);
			uploading.add(true);
			request.getInputStream().readAllBytes();
			return "stored";
		}

		@RateLimited(tier = "abandon-counted")
		@GetMapping("/abandon/counted/stream")
		StreamingResponseBody counted(HttpServletRequest request) {
			return endless(request);
		}

		@RateLimited(tier = "abandon-counted")
		@GetMapping("/abandon/counted/ok")
		String countedOk(HttpServletRequest request) {
			recordCompletion(request);
			return "ok";
		}

	}

}
