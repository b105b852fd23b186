package dev.ratelimit.redis;

/**
 * Names the Redis keys of the limiter: {@code <prefix>{<client key>}:<limit>}. The braces
 * make every key of one client share a Redis Cluster hash tag, so a multi-limit script
 * touches a single slot.
 */
public class RedisKeys {

	private final String prefix;

	/**
	 * Create a key scheme.
	 * @param prefix the prefix of every key, such as {@code rl:}; must not contain braces
	 */
	public RedisKeys(String prefix) {
		if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException(
					"Key prefix must not contain '{' or '}', which Redis Cluster reads as a hash tag, but was '"
							+ prefix + "'");
		}
		this.prefix = prefix;
	}

	/**
	 * Return the key holding one limit's state for one client.
	 * @param clientKey the client's key
	 * @param limitName the limit's name
	 * @return the Redis key
	 */
	public String stateKey(String clientKey, String limitName) {
		return this.prefix + "{" + hashTag(clientKey) + "}:" + limitName;
	}

	/**
	 * Return the key holding one client's permits of a concurrency limit:
	 * {@code <prefix>{<client key>}#<limit>}, in the slot of the client's other keys and
	 * never one of them, whose hash tag is followed by a colon.
	 * @param clientKey the client's key
	 * @param limitName the concurrency limit's name
	 * @return the Redis key
	 */
	public String permitsKey(String clientKey, String limitName) {
		return this.prefix + "{" + hashTag(clientKey) + "}#" + limitName;
	}

	/**
	 * Return the client key as it stands inside the braces: braces (which would end or
	 * split the hash tag, scattering one client's keys over slots) and the escape
	 * character itself are percent-encoded, so distinct keys stay distinct.
	 * @param clientKey the client's key
	 * @return the hash tag content
	 */
	static String hashTag(String clientKey) {
		for (int i = 0; i < clientKey.length(); i++) {
			char c = clientKey.charAt(i);
			if (c == '{' || c == '}' || c == '%') {
				return clientKey.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
			}
		}
		return clientKey;
	}

}
