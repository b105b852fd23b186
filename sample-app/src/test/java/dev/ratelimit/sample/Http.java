package dev.ratelimit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Real HTTP calls to a running sample node.
 */
final class Http {

	private static final HttpClient client = HttpClient.newHttpClient();

	private Http() {
	}

	static HttpResponse<String> get(int port, String path, String... headers) {
		return send(request(port, path, headers).GET().build());
	}

	static HttpResponse<String> postJson(int port, String path, String json, String... headers) {
		HttpRequest.Builder builder = request(port, path, "Content-Type", "application/json");
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return send(builder.POST(HttpRequest.BodyPublishers.ofString(json)).build());
	}

	static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	private static HttpRequest.Builder request(int port, String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
		return (headers.length > 0) ? builder.headers(headers) : builder;
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
