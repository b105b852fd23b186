package dev.ratelimit.redis;

import java.util.List;

/**
 * Runs a {@link LuaScript} on Redis in one round trip.
 */
@FunctionalInterface
public interface ScriptExecutor {

	/**
	 * Run a script whose reply is an array.
	 * @param script the script
	 * @param keys the keys, all in one hash slot
	 * @param args the arguments
	 * @return the reply's elements
	 * @throws dev.ratelimit.core.RateLimitBackendException if Redis fails or is too slow
	 */
	List<Object> run(LuaScript script, byte[][] keys, byte[]... args);

}
