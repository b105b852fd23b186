package dev.ratelimit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Real HTTP calls to a running sample node.
 */
final class Http {

	/** The admin password the tests start the sample with. */
	static final String ADMIN_PASSWORD = "test-admin-password";

	/** {@code sample.admin.password} set to {@link #ADMIN_PASSWORD}. */
	static final String ADMIN_PASSWORD_PROPERTY = "sample.admin.password=" + ADMIN_PASSWORD;

	private static final HttpClient client = HttpClient.newHttpClient();

	private Http() {
	}

	static HttpResponse<String> get(int port, String path, String... headers) {
		return send(request(port, path, headers).GET().build());
	}

	static HttpResponse<String> postJson(int port, String path, String json, String... headers) {
		return sendJson(port, "POST", path, json, headers);
	}

	static HttpResponse<String> putJson(int port, String path, String json, String... headers) {
		return sendJson(port, "PUT", path, json, headers);
	}

	static HttpResponse<String> send(int port, String method, String path, String contentType, String body,
			String... headers) {
		HttpRequest.Builder builder = request(port, path, "Content-Type", contentType);
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return send(builder.method(method, HttpRequest.BodyPublishers.ofString(body)).build());
	}

	/**
	 * Return an HTTP Basic {@code Authorization} header, name then value.
	 * @param user the user name
	 * @param password the password
	 * @return the header
	 */
	static String[] basic(String user, String password) {
		String credentials = Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return new String[] { "Authorization", "Basic " + credentials };
	}

	/**
	 * Return the {@code Authorization} header of the admin the tests start the sample
	 * with.
	 * @return the header, name then value
	 */
	static String[] admin() {
		return basic(SampleSecurityConfiguration.ADMIN, ADMIN_PASSWORD);
	}

	static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	private static HttpResponse<String> sendJson(int port, String method, String path, String json, String... headers) {
		return send(port, method, path, "application/json", json, headers);
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
