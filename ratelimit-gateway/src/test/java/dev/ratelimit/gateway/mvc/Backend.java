package dev.ratelimit.gateway.mvc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The service behind the gateway's routes: a real HTTP server on a free loopback port,
 * answering every path with 200, an {@code X-Backend} header naming the path, and
 * counting the requests that reached it.
 */
final class Backend implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger served = new AtomicInteger();

	private Backend(HttpServer server) {
		this.server = server;
	}

	static Backend start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			Backend backend = new Backend(server);
			server.createContext("/", (exchange) -> {
				backend.served.incrementAndGet();
				byte[] body = ("served " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("X-Backend", exchange.getRequestURI().getPath());
				exchange.getResponseHeaders().add("Content-Type", "text/plain");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.setExecutor(Executors.newCachedThreadPool());
			server.start();
			return backend;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	int served() {
		return this.served.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
