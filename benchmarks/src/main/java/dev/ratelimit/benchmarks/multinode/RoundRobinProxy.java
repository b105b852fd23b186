package dev.ratelimit.benchmarks.multinode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP reverse proxy sending each request to the next backend in turn, standing in
 * for nginx where nginx is not installed. Run as a single-file program: <pre>
 * java RoundRobinProxy.java 8080 127.0.0.1:8081 127.0.0.1:8082 127.0.0.1:8083
 * </pre> Like nginx in front of Spring Boot it appends the caller to
 * {@code X-Forwarded-For}; unlike nginx it never retries a failed request on another
 * backend.
 */
public final class RoundRobinProxy {

	// managed by the HTTP client or the server itself, not forwarded
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "keep-alive",
			"transfer-encoding", "upgrade", "te", "trailer", "proxy-connection");

	private final List<String> backends;

	private final AtomicLong next = new AtomicLong();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private RoundRobinProxy(List<String> backends) {
		this.backends = backends;
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: java RoundRobinProxy.java <listen-port> <host:port>...");
			System.exit(2);
		}
		int port = Integer.parseInt(args[0]);
		RoundRobinProxy proxy = new RoundRobinProxy(List.of(args).subList(1, args.length));
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
		server.createContext("/", proxy::forward);
		server.setExecutor(Executors.newFixedThreadPool(16));
		server.start();
		System.out.println("round-robin proxy on 127.0.0.1:" + port + " -> " + proxy.backends);
	}

	private void forward(HttpExchange exchange) {
		String backend = this.backends.get((int) (this.next.getAndIncrement() % this.backends.size()));
		try {
			HttpResponse<InputStream> response = this.client.send(request(exchange, backend),
					HttpResponse.BodyHandlers.ofInputStream());
			response.headers().map().forEach((name, values) -> {
				if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, values);
				}
			});
			exchange.sendResponseHeaders(response.statusCode(), responseLength(exchange, response));
			try (InputStream body = response.body(); OutputStream out = exchange.getResponseBody()) {
				body.transferTo(out);
			}
		}
		catch (IOException | RuntimeException ex) {
			badGateway(exchange, backend, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			badGateway(exchange, backend, ex);
		}
		finally {
			exchange.close();
		}
	}

	// HttpServer's convention: -1 for no body, 0 for chunked, otherwise the exact length
	private static long responseLength(HttpExchange exchange, HttpResponse<?> response) {
		int status = response.statusCode();
		if (status == 204 || status == 304 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
			return -1;
		}
		OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
		if (declared.isEmpty()) {
			return 0;
		}
		return (declared.getAsLong() == 0) ? -1 : declared.getAsLong();
	}

	private static HttpRequest request(HttpExchange exchange, String backend) throws IOException {
		URI uri = URI.create("http://" + backend + exchange.getRequestURI());
		byte[] body = exchange.getRequestBody().readAllBytes();
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.method(exchange.getRequestMethod(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		exchange.getRequestHeaders().forEach((name, values) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (!HOP_BY_HOP.contains(lower) && !lower.equals("x-forwarded-for")) {
				values.forEach((value) -> builder.header(name, value));
			}
		});
		String caller = exchange.getRemoteAddress().getAddress().getHostAddress();
		String forwarded = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
		builder.header("X-Forwarded-For", (forwarded != null) ? forwarded + ", " + caller : caller);
		return builder.build();
	}

	private static void badGateway(HttpExchange exchange, String backend, Exception ex) {
		try {
			byte[] message = ("bad gateway: " + backend + ": " + ex).getBytes();
			exchange.sendResponseHeaders(502, message.length);
			exchange.getResponseBody().write(message);
		}
		catch (IOException | RuntimeException ignored) {
			// headers already sent: the client sees a truncated response
		}
	}

}
