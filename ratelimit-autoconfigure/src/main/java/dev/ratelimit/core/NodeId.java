package dev.ratelimit.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Identifies this node in logs: host name and process id.
 */
public final class NodeId {

	private NodeId() {
	}

	/**
	 * Return this node's id, such as {@code web-1:4242}.
	 * @return the id
	 */
	public static String current() {
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "unknown";
			}
		}
		return host + ":" + ProcessHandle.current().pid();
	}

}
