package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;

/**
 * Decides on Redis with one {@code EVALSHA} of {@code token_bucket.lua} per request:
 * read, decide and update every limit atomically, timed by Redis's clock.
 */
public class RedisRateLimiter implements RateLimiter {

	/** The token bucket script. */
	public static final LuaScript TOKEN_BUCKET = LuaScript.load("token_bucket.lua");

	private final ScriptExecutor runner;

	private final RedisKeys keys;

	/**
	 * Create a limiter.
	 * @param runner runs scripts on Redis
	 * @param keys names the state keys
	 */
	public RedisRateLimiter(ScriptExecutor runner, RedisKeys keys) {
		this.runner = runner;
		this.keys = keys;
	}

	@Override
	public Decision evaluate(DecisionRequest request) {
		List<LimitSpec> limits = request.limits();
		byte[][] keyBytes = new byte[limits.size()][];
		byte[][] args = new byte[1 + 3 * limits.size()][];
		args[0] = bytes(request.cost());
		for (int i = 0; i < limits.size(); i++) {
			LimitSpec limit = limits.get(i);
			keyBytes[i] = this.keys.stateKey(request.key(), limit.name()).getBytes(StandardCharsets.UTF_8);
			args[1 + 3 * i] = bytes(limit.limit());
			args[2 + 3 * i] = bytes(limit.periodMicros());
			args[3 + 3 * i] = bytes(limit.burst());
		}
		List<Object> reply = this.runner.run(TOKEN_BUCKET, keyBytes, args);
		List<LimitOutcome> outcomes = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			outcomes.add(new LimitOutcome(limits.get(i), number(reply, 1 + 3 * i), micros(number(reply, 2 + 3 * i)),
					micros(number(reply, 3 + 3 * i))));
		}
		return Decision.of(number(reply, 0) == 1, outcomes);
	}

	private static long number(List<Object> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}

	private static Duration micros(long micros) {
		return Duration.ofSeconds(micros / 1_000_000L, (micros % 1_000_000L) * 1000);
	}

	private static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
