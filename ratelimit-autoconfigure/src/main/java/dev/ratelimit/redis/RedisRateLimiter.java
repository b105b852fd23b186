package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Settler;
import dev.ratelimit.redis.LimitsScriptLayout.Mode;

/**
 * Decides on Redis with one {@code EVALSHA} of {@code limits.lua} per request: read,
 * decide and update every limit, whatever its algorithm, atomically and timed by Redis's
 * clock. A lease takes several units in that same call.
 */
public class RedisRateLimiter implements RateLimiter, Settler {

	/** The script deciding every limit of a request, any mix of algorithms. */
	public static final LuaScript LIMITS = LuaScript.load("limits.lua");

	/** The script forgetting a client's limits. */
	public static final LuaScript RESET = LuaScript.load("reset.lua");

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
		return LimitsScriptLayout.decision(limits, run(request, Mode.DECIDE, request.cost()));
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
		List<LimitSpec> limits = request.limits();
		List<Object> reply = run(request, Mode.LEASE, size);
		return new LeaseGrant(LimitsScriptLayout.decision(limits, reply), LimitsScriptLayout.granted(limits, reply));
	}

	/**
	 * Return how a key stands, every algorithm read by the same script that decides, with
	 * nothing written.
	 * @param key the counted client's key
	 * @param limits the limits
	 * @return the decision a request of cost 1 would get, nothing charged
	 */
	@Override
	public Decision peek(String key, List<LimitSpec> limits) {
		return LimitsScriptLayout.decision(limits, run(new DecisionRequest(key, limits, 1), Mode.PEEK, 1));
	}

	/**
	 * Charge units admitted elsewhere to every limit in one script call, with
	 * {@code limits.lua}'s settle mode: a limit may go into debt.
	 * @param request the key, its limits and the units to charge
	 * @return how every limit stands after the charge
	 */
	@Override
	public Decision settle(DecisionRequest request) {
		return LimitsScriptLayout.decision(request.limits(), run(request, Mode.SETTLE, request.cost()));
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
	 * Return the id of the Redis Cluster master owning the slot of the key's hash tag, as
	 * the driver's slot table knows it; empty outside a cluster, on Jedis, and before the
	 * first connection.
	 * @param key the counted client's key
	 * @return the master's node id, or empty
	 */
	@Override
	public String partition(String key) {
		// every state key of a client shares the slot of its hash tag
		return this.runner.partition(this.keys.stateKey(key, "").getBytes(StandardCharsets.UTF_8));
	}

	private List<Object> run(DecisionRequest request, Mode mode, long size) {
		return this.runner.run(LIMITS, stateKeys(request.key(), request.limits()),
				LimitsScriptLayout.arguments(mode, request.cost(), size, request.limits()));
	}

	private byte[][] stateKeys(String key, List<LimitSpec> limits) {
		byte[][] stateKeys = new byte[limits.size()][];
		for (int i = 0; i < limits.size(); i++) {
			stateKeys[i] = this.keys.stateKey(key, limits.get(i).name()).getBytes(StandardCharsets.UTF_8);
		}
		return stateKeys;
	}

}
