package dev.ratelimit.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's export, at most 3 in flight per client, over real HTTP on the Redis the
 * sample starts. Behind a trusted proxy (loopback), so that each test is its own client
 * address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "ratelimit.redis.timeout=5s", "server.forward-headers-strategy=native" })
class ExportSampleTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void tenConcurrentExportsOfOneClientRunThreeAndDenySeven() {
		String address = address();
		List<CompletableFuture<HttpResponse<String>>> exports = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			// long enough that all ten arrive while the first three run
			exports.add(export("/api/export?ms=5000", address));
		}
		List<HttpResponse<String>> responses = exports.stream().map(CompletableFuture::join).toList();
		assertThat(responses).filteredOn((response) -> response.statusCode() == 200).hasSize(3);
		List<HttpResponse<String>> denied = responses.stream()
			.filter((response) -> response.statusCode() == 429)
			.toList();
		assertThat(denied).hasSize(7);
		assertThat(denied).allSatisfy((response) -> {
			assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(response.headers().firstValue("RateLimit-Policy"))
				.hasValue("\"in-flight\";q=3;qu=\"concurrent-requests\"");
			assertThat(response.headers().firstValue("RateLimit")).hasValue("\"in-flight\";r=0");
		});
		// every export has ended: the client's three places are free again
		assertThat(export("/api/export?ms=0", address).join().headers().firstValue("RateLimit"))
			.hasValue("\"in-flight\";r=2");
	}

	@Test
	void anExportLongerThanTheBoundIsABadRequest() {
		assertThat(export("/api/export?ms=10001", address()).join().statusCode()).isEqualTo(400);
	}

	private CompletableFuture<HttpResponse<String>> export(String path, String address) {
		return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Forwarded-For", address)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String address() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "2001:db8:" + Integer.toHexString(random.nextInt(1 << 16)) + ":"
				+ Integer.toHexString(random.nextInt(1 << 16)) + "::1";
	}

}
