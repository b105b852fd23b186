package dev.ratelimit.web.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.ratelimit.web.app.Http;

/**
 * A client connecting from a chosen loopback address (all of 127.0.0.0/8 is loopback on
 * Linux), so that a test can be a peer the server does not trust as a proxy.
 */
final class Peer {

	private final InetAddress local;

	private final int port;

	Peer(String localAddress, int port) {
		try {
			this.local = InetAddress.getByName(localAddress);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = port;
	}

	/**
	 * Send a GET and return its status code.
	 * @param path the path
	 * @param headerLines extra header lines, each without its CRLF
	 * @return the status code
	 */
	int get(String path, String... headerLines) {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(this.local, 0));
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
			for (String line : headerLines) {
				request.append(line).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return Http.readStatus(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
