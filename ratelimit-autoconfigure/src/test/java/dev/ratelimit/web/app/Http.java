package dev.ratelimit.web.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Real HTTP against the running test server.
 */
public final class Http {

	private static final HttpClient client = HttpClient.newHttpClient();

	private final int port;

	public Http(int port) {
		this.port = port;
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send(request(path), headers);
	}

	public HttpResponse<String> postJson(String path, String json, String... headers) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), headers);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private static HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
		if (headers.length > 0) {
			builder.headers(headers);
		}
		try {
			return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
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
	 * Send raw bytes, for header values a well-behaved client library refuses to send.
	 * @return the status code
	 */
	public int rawGet(String path, byte[] headerLines) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.write(headerLines);
			out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return readStatus(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read the status code of a raw HTTP/1.1 response.
	 * @param in the response
	 * @return the status code
	 * @throws IOException if the response cannot be read
	 */
	public static int readStatus(InputStream in) throws IOException {
		String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
		return Integer.parseInt(statusLine.substring(9, 12));
	}

}
