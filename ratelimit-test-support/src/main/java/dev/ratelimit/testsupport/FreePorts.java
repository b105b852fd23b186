package dev.ratelimit.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free TCP ports on the loopback interface.
 */
public final class FreePorts {

	/**
	 * Highest port usable by a Redis Cluster node, whose bus port is its port + 10000.
	 */
	public static final int MAX_CLUSTER_PORT = 55535;

	private FreePorts() {
	}

	/**
	 * Return a free loopback port chosen by the operating system.
	 * @return the port
	 */
	public static int any() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return a free loopback port whose Redis Cluster bus port (port + 10000) is free
	 * too.
	 * @return the port, at most {@link #MAX_CLUSTER_PORT}
	 */
	public static int forClusterNode() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, MAX_CLUSTER_PORT + 1);
			if (isFree(port) && isFree(port + 10000)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port pair found for a Redis Cluster node");
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
