package dev.ratelimit.redis;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

	/**
	 * Run a script whose reply is an array without blocking the calling thread, bounded
	 * by the same budget as {@link #run}. The default fails: a driver without
	 * asynchronous commands, such as Jedis, cannot.
	 * @param script the script
	 * @param keys the keys, all in one hash slot
	 * @param args the arguments
	 * @return the reply's elements, or a failure with a
	 * {@link dev.ratelimit.core.RateLimitBackendException} if Redis fails or is too slow
	 */
	default CompletionStage<List<Object>> runAsync(LuaScript script, byte[][] keys, byte[]... args) {
		return CompletableFuture.failedFuture(new UnsupportedOperationException(
				getClass().getName() + " cannot run a script without blocking; it needs Lettuce"));
	}

	/**
	 * Return whether {@link #runAsync} runs scripts without blocking.
	 * @return whether asynchronous calls are supported
	 */
	default boolean supportsAsync() {
		return false;
	}

	/**
	 * Return the store partition (for example the Redis Cluster master) that a key is
	 * sent to, so that failures can be scoped to it; empty when there is one or it is not
	 * known.
	 * @param key a key
	 * @return a stable id of the partition
	 */
	default String partition(byte[] key) {
		return "";
	}

	/**
	 * Return the store partitions that keys are sent to now, as {@link #partition} names
	 * them.
	 * @return the partitions; empty when they are not known yet
	 */
	default Set<String> partitions() {
		return Set.of("");
	}

	/**
	 * Return whether every key of one call must hash to one slot, as on Redis Cluster.
	 * @return whether calls are limited to one slot
	 */
	default boolean oneSlotPerCall() {
		return false;
	}

}
