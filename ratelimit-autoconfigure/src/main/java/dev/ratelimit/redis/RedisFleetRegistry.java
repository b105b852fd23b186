package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.FleetRegistry;

/**
 * Registers the fleet's nodes in Redis with {@code fleet.lua}: one sorted set,
 * {@code <prefix>{fleet}}, whose members lapse one TTL after their node's last beat. One
 * key, so it works alike on standalone Redis, Sentinel and Cluster.
 */
public class RedisFleetRegistry implements FleetRegistry {

	/** The script registering and counting the nodes. */
	public static final LuaScript FLEET = LuaScript.load("fleet.lua");

	private static final byte[] BEAT = "beat".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LEAVE = "leave".getBytes(StandardCharsets.US_ASCII);

	private final ScriptExecutor runner;

	private final byte[][] key;

	/**
	 * Create a registry.
	 * @param runner runs scripts on Redis
	 * @param prefix the limiter's key prefix
	 */
	public RedisFleetRegistry(ScriptExecutor runner, String prefix) {
		this.runner = runner;
		this.key = new byte[][] { (prefix + "{fleet}").getBytes(StandardCharsets.UTF_8) };
	}

	@Override
	public int beat(String node, Duration ttl) {
		return run(BEAT, node, ttl);
	}

	@Override
	public void leave(String node) {
		run(LEAVE, node, Duration.ofMillis(1));
	}

	private int run(byte[] action, String node, Duration ttl) {
		List<Object> reply = this.runner.run(FLEET, this.key, action, node.getBytes(StandardCharsets.UTF_8),
				Long.toString(Math.max(1, ttl.toMillis())).getBytes(StandardCharsets.US_ASCII));
		return ((Number) reply.get(0)).intValue();
	}

}
