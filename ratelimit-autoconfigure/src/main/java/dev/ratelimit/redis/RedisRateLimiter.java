package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;

/**
 * Decides on Redis with one {@code EVALSHA} of {@code limits.lua} per request: read,
 * decide and update every limit, whatever its algorithm, atomically and timed by
 * Redis's clock. A lease takes several units in that same call.
 */
public class RedisRateLimiter implements RateLimiter {

	/** The script deciding every limit of a request, any mix of algorithms. */
	public static final LuaScript LIMITS = LuaScript.load("limits.lua");

	/**
	 * The script production runs, under its first name: {@link #LIMITS}, which still
	 * reads the first layout's arguments (cost, then limit, period and burst per key) as
	 * token buckets.
	 */
	public static final LuaScript TOKEN_BUCKET = LIMITS;

	/** The script forgetting a client's limits. */
	public static final LuaScript RESET = LuaScript.load("reset.lua");

	private static final byte[] PEEK = "peek".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] LEASE = "lease".getBytes(StandardCharsets.US_ASCII);

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
		return decision(request.limits(), run(request));
	}

	/**
	 * Decide a request and take up to {@code size} units in the same script call, with
	 * {@code limits.lua}'s lease mode.
	 * @param request the request
	 * @param size the units to take if available, at least the cost
	 * @return the grant
	 */
	@Override
	public LeaseGrant evaluateLease(DecisionRequest request, long size) {
		List<Object> reply = run(request, LEASE, bytes(size));
		return new LeaseGrant(decision(request.limits(), reply), number(reply, 1 + 3 * request.limits().size()));
	}

	/**
	 * Return how a key stands, every algorithm read by the same script that decides,
	 * with nothing written.
	 * @param key the counted client's key
	 * @param limits the limits
	 * @return the decision a request of cost 1 would get, nothing charged
	 */
	@Override
	public Decision peek(String key, List<LimitSpec> limits) {
		return decision(limits, run(new DecisionRequest(key, limits, 1), PEEK));
	}

	/**
	 * Delete a key's state for the given limits in one script call.
	 * @param key the counted client's key
	 * @param limits the limits
	 */
	@Override
	public void reset(String key, List<LimitSpec> limits) {
		this.runner.run(RESET, stateKeys(key, limits));
	}

	/**
	 * Run the script.
	 * @param request the request
	 * @param mode nothing to decide and charge, {@link #PEEK}, or {@link #LEASE} and the
	 * lease size
	 * @return the reply
	 */
	private List<Object> run(DecisionRequest request, byte[]... mode) {
		List<LimitSpec> limits = request.limits();
		int count = limits.size();
		byte[][] args = new byte[1 + 4 * count + mode.length][];
		args[0] = bytes(request.cost());
		for (int i = 0; i < count; i++) {
			LimitSpec limit = limits.get(i);
			args[1 + 3 * i] = bytes(limit.limit());
			args[2 + 3 * i] = bytes(limit.periodMicros());
			args[3 + 3 * i] = bytes(limit.burst());
			args[1 + 3 * count + i] = limit.algorithm().id().getBytes(StandardCharsets.US_ASCII);
		}
		System.arraycopy(mode, 0, args, 1 + 4 * count, mode.length);
		return this.runner.run(LIMITS, stateKeys(request.key(), limits), args);
	}

	private static Decision decision(List<LimitSpec> limits, List<Object> reply) {
		List<LimitOutcome> outcomes = new ArrayList<>(limits.size());
		for (int i = 0; i < limits.size(); i++) {
			outcomes.add(new LimitOutcome(limits.get(i), number(reply, 1 + 3 * i),
					Duration.of(number(reply, 2 + 3 * i), ChronoUnit.MICROS),
					Duration.of(number(reply, 3 + 3 * i), ChronoUnit.MICROS)));
		}
		return Decision.of(number(reply, 0) == 1, outcomes);
	}

	private byte[][] stateKeys(String key, List<LimitSpec> limits) {
		byte[][] stateKeys = new byte[limits.size()][];
		for (int i = 0; i < limits.size(); i++) {
			stateKeys[i] = this.keys.stateKey(key, limits.get(i).name()).getBytes(StandardCharsets.UTF_8);
		}
		return stateKeys;
	}

	private static long number(List<Object> reply, int index) {
		return ((Number) reply.get(index)).longValue();
	}


	private static byte[] bytes(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

}
