package dev.ratelimit.redis;

/**
 * Names the Redis keys of the limiter: {@code <prefix>{<client key>}:<limit>}. The
 * braces make every key of one client share a Redis Cluster hash tag, so a multi-limit
 * script touches a single slot.
 */
public class RedisKeys {

	private final String prefix;

	/**
	 * Create a key scheme.
	 * @param prefix the prefix of every key, such as {@code rl:}; must not contain braces
	 */
	public RedisKeys(String prefix) {
		if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException("Key prefix must not contain '{' or '}' but was '" + prefix + "'");
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
		return this.prefix + "{" + clientKey + "}:" + limitName;
	}

	/**
	 * Return a pattern matching every key of one client, for {@code SCAN}.
	 * @param clientKey the client's key
	 * @return the pattern
	 */
	public String clientPattern(String clientKey) {
		return this.prefix + "{" + clientKey.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "}:*";
	}

}
