package dev.ratelimit.gateway.mvc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The service behind the gateway's routes: a real HTTP server on a free loopback port,
 * answering every path with 200 (401 for a path ending in {@code /fail}), an
 * {@code X-Backend} header naming the path, and counting the requests that reached it. A
 * path ending in {@code /slow} answers once {@link #release()} is called.
 */
final class Backend implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger served = new AtomicInteger();

	private final Semaphore slowArrivals = new Semaphore(0);

	private volatile CountDownLatch slowRelease = new CountDownLatch(1);

	private Backend(HttpServer server) {
		this.server = server;
	}

	static Backend start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			Backend backend = new Backend(server);
			server.createContext("/", (exchange) -> {
				backend.served.incrementAndGet();
				String path = exchange.getRequestURI().getPath();
				if (path.endsWith("/slow")) {
					backend.slowArrivals.release();
					backend.awaitRelease();
				}
				int status = path.endsWith("/fail") ? 401 : 200;
				byte[] body = ("served " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("X-Backend", exchange.getRequestURI().getPath());
				exchange.getResponseHeaders().add("Content-Type", "text/plain");
				exchange.sendResponseHeaders(status, body.length);
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

	/**
	 * Wait until a {@code /slow} request has reached the backend.
	 */
	void awaitSlowArrival() throws InterruptedException {
		if (!this.slowArrivals.tryAcquire(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No slow request reached the backend");
		}
	}

	/**
	 * Let the {@code /slow} requests waiting answer.
	 */
	void release() {
		CountDownLatch release = this.slowRelease;
		this.slowRelease = new CountDownLatch(1);
		release.countDown();
	}

	private void awaitRelease() {
		try {
			this.slowRelease.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	int served() {
		return this.served.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
