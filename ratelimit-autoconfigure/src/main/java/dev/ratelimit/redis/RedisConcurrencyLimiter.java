package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimiter;
import dev.ratelimit.core.Permit;
import dev.ratelimit.core.PermitDecision;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

/**
 * Keeps permits on Redis with {@code permits.lua}: one sorted set per client and limit,
 * scored with when each permit lapses on Redis's clock. Granting and releasing take one
 * {@code EVALSHA} each; renewing every permit of a node takes one per
 * {@value #RENEWALS_PER_CALL} permits, and on Redis Cluster one per hash slot.
 */
public class RedisConcurrencyLimiter implements ConcurrencyLimiter {

	/** The script granting, releasing and renewing permits. */
	public static final LuaScript PERMITS = LuaScript.load("permits.lua");

	/**
	 * Most permits renewed by one script call, so that no call blocks Redis for long:
	 * about 12 µs of Redis time each, measured on a loaded machine.
	 */
	static final int RENEWALS_PER_CALL = 100;

	private static final byte[] ACQUIRE = ascii("acquire");

	private static final byte[] RELEASE = ascii("release");

	private static final byte[] RENEW = ascii("renew");

	private final ScriptExecutor runner;

	private final RedisKeys keys;

	/**
	 * Create a limiter.
	 * @param runner runs scripts on Redis
	 * @param keys names the permits' keys
	 */
	public RedisConcurrencyLimiter(ScriptExecutor runner, RedisKeys keys) {
		this.runner = runner;
		this.keys = keys;
	}

	@Override
	public PermitDecision acquire(String key, ConcurrencyLimit limit, String permit) {
		List<Object> reply = this.runner.run(PERMITS, new byte[][] { key(key, limit) }, ACQUIRE,
				ascii(Long.toString(limit.limit())), ascii(Long.toString(limit.maxDuration().toMillis())),
				utf8(permit));
		return new PermitDecision(limit, ((Number) reply.get(0)).longValue() == 1, ((Number) reply.get(1)).longValue());
	}

	@Override
	public void release(String key, ConcurrencyLimit limit, String permit) {
		this.runner.run(PERMITS, new byte[][] { key(key, limit) }, RELEASE, utf8(permit));
	}

	@Override
	public void renew(List<Permit> permits) {
		Map<Integer, List<Permit>> calls = new LinkedHashMap<>();
		for (Permit permit : permits) {
			int slot = this.runner.oneSlotPerCall()
					? ClusterSlotHashUtil.calculateSlot(key(permit.key(), permit.limit())) : 0;
			calls.computeIfAbsent(slot, (any) -> new ArrayList<>()).add(permit);
		}
		for (List<Permit> call : calls.values()) {
			for (int from = 0; from < call.size(); from += RENEWALS_PER_CALL) {
				renewTogether(call.subList(from, Math.min(call.size(), from + RENEWALS_PER_CALL)));
			}
		}
	}

	private void renewTogether(List<Permit> permits) {
		byte[][] permitKeys = new byte[permits.size()][];
		byte[][] args = new byte[1 + 2 * permits.size()][];
		args[0] = RENEW;
		for (int i = 0; i < permits.size(); i++) {
			Permit permit = permits.get(i);
			permitKeys[i] = key(permit.key(), permit.limit());
			args[1 + 2 * i] = ascii(Long.toString(permit.limit().maxDuration().toMillis()));
			args[2 + 2 * i] = utf8(permit.id());
		}
		this.runner.run(PERMITS, permitKeys, args);
	}

	/**
	 * Return the Redis Cluster master keeping the key's permits: the one deciding its
	 * rate limits too, since every key of a client shares its hash tag.
	 */
	@Override
	public String partition(String key) {
		return this.runner.partition(this.keys.stateKey(key, "").getBytes(StandardCharsets.UTF_8));
	}

	private byte[] key(String key, ConcurrencyLimit limit) {
		return utf8(this.keys.permitsKey(key, limit.name()));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
