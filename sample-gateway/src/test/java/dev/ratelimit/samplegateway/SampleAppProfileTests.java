package dev.ratelimit.samplegateway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import dev.ratelimit.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the profile {@code sample-app}, the gateway's routes reach the service at
 * {@code SAMPLE_APP_URI} with the request's own path.
 */
class SampleAppProfileTests {

	@Test
	void routesReachTheServiceWithTheirOwnPaths() throws Exception {
		HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		service.createContext("/", (exchange) -> {
			byte[] body = ("service " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		service.start();
		int port = FreePorts.any();
		try (ConfigurableApplicationContext gateway = SpringApplication.run(GatewaySampleApplication.class,
				"--server.port=" + port, "--spring.main.banner-mode=off", "--spring.profiles.active=sample-app",
				"--SAMPLE_APP_URI=http://127.0.0.1:" + service.getAddress().getPort())) {
			assertThat(get(port, "/api/hello").body()).isEqualTo("service /api/hello");
			assertThat(get(port, "/reports/monthly").body()).isEqualTo("service /reports/monthly");
		}
		finally {
			service.stop(0);
		}
	}

	private static HttpResponse<String> get(int port, String path) throws InterruptedException {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
						HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
