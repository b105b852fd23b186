package dev.ratelimit.testsupport;

/**
 * Where a test Redis server listens.
 *
 * @param host the host name or address
 * @param port the TCP port
 */
public record RedisEndpoint(String host, int port) {

	/**
	 * Return the endpoint as a {@code redis://} URI.
	 * @return the URI
	 */
	public String uri() {
		return "redis://" + this.host + ":" + this.port;
	}

	static RedisEndpoint parse(String url) {
		java.net.URI uri = java.net.URI.create(url);
		int port = (uri.getPort() != -1) ? uri.getPort() : 6379;
		return new RedisEndpoint(uri.getHost(), port);
	}

}
