package dev.ratelimit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;

/**
 * Real HTTP GET calls to an application running on a loopback port, for the tests of
 * modules that start one.
 */
public final class Http {

	private static final HttpClient client = HttpClient.newHttpClient();

	private Http() {
	}

	/**
	 * Send a GET request.
	 * @param port the application's port on 127.0.0.1
	 * @param path the path, with its query
	 * @param headers header names and values, alternating
	 * @return the response, its body as text
	 */
	public static HttpResponse<String> get(int port, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return a response's first value of a header.
	 * @param response the response
	 * @param name the header's name
	 * @return its first value, or {@code null} if absent
	 */
	public static @Nullable String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

}
