package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import dev.ratelimit.core.ChargedWindows;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DecisionRequest;
import dev.ratelimit.core.LeaseGrant;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Micros;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Refunder;
import dev.ratelimit.core.Settler;
import dev.ratelimit.redis.LimitsScriptLayout.Mode;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

/**
 * Decides on Redis with one {@code EVALSHA} of {@code limits.lua} per request: read,
 * decide and update every limit, whatever its algorithm, atomically and timed by Redis's
 * clock. A lease takes several units in that same call.
 */
public class RedisRateLimiter implements RateLimiter, Settler, Refunder {

	/** The script deciding every limit of a request, any mix of algorithms. */
	public static final LuaScript LIMITS = LuaScript.load("limits.lua");

	/** The script forgetting a client's limits. */
	public static final LuaScript RESET = LuaScript.load("reset.lua");

	private static final byte[] NO_KEY = {};

	private final ScriptExecutor runner;

	private final RedisKeys keys;

	private final MicrosClock clock;

	/**
	 * Create a limiter on the system clock.
	 * @param runner runs scripts on Redis
	 * @param keys names the state keys
	 */
	public RedisRateLimiter(ScriptExecutor runner, RedisKeys keys) {
		this(runner, keys, MicrosClock.system());
	}

	/**
	 * Create a limiter.
	 * @param runner runs scripts on Redis
	 * @param keys names the state keys
	 * @param clock the time around which calendar periods' windows are sent; Redis's
	 * clock picks among them
	 */
	public RedisRateLimiter(ScriptExecutor runner, RedisKeys keys, MicrosClock clock) {
		this.runner = runner;
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	public Decision evaluate(DecisionRequest request) {
		Call call = call(request, Mode.DECIDE, request.cost());
		return call.decision(request.limits(), run(call));
	}

	@Override
	public CompletionStage<Decision> evaluateAsync(DecisionRequest request) {
		Call call = call(request, Mode.DECIDE, request.cost());
		return runAsync(call).thenApply((reply) -> call.decision(request.limits(), reply));
	}

	/**
	 * Decide several clients together with one {@code EVALSHA} of {@code limits.lua}
	 * carrying every client's state keys: the script reads them all before it writes any,
	 * so every part is charged or none is.
	 * @param parts the parts, all of one cost, whose keys {@link #decidedTogether decide
	 * together}
	 * @return one decision per part
	 */
	@Override
	public List<Decision> evaluateAll(List<DecisionRequest> parts) {
		Call call = callAll(parts);
		return LimitsScriptLayout.decisions(parts, run(call), call.now());
	}

	@Override
	public CompletionStage<List<Decision>> evaluateAllAsync(List<DecisionRequest> parts) {
		Call call = callAll(parts);
		return runAsync(call).thenApply((reply) -> LimitsScriptLayout.decisions(parts, reply, call.now()));
	}

	private Call callAll(List<DecisionRequest> parts) {
		long cost = parts.get(0).cost();
		List<LimitSpec> limits = new ArrayList<>();
		List<byte[]> stateKeys = new ArrayList<>();
		for (DecisionRequest part : parts) {
			if (part.cost() != cost) {
				throw new IllegalArgumentException("Parts decided together must share one cost");
			}
			limits.addAll(part.limits());
			for (byte[] stateKey : stateKeys(part.key(), part.limits())) {
				stateKeys.add(stateKey);
			}
		}
		long now = this.clock.nowMicros();
		return new Call(stateKeys.toArray(byte[][]::new),
				LimitsScriptLayout.arguments(Mode.DECIDE, cost, cost, limits, now), now);
	}

	/**
	 * Return whether two clients' keys can go in one script call: always on standalone
	 * Redis and Sentinel, where a script may touch any key; on Redis Cluster only when
	 * their hash tags fall in one slot.
	 * @param key a counted client's key
	 * @param other another counted client's key
	 * @return whether they decide together
	 */
	@Override
	public boolean decidedTogether(String key, String other) {
		return !this.runner.oneSlotPerCall() || slot(key) == slot(other);
	}

	private int slot(String key) {
		return ClusterSlotHashUtil.calculateSlot(this.keys.stateKey(key, "").getBytes(StandardCharsets.UTF_8));
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
		Call call = call(request, Mode.LEASE, size);
		return call.grant(request.limits(), run(call));
	}

	@Override
	public CompletionStage<LeaseGrant> evaluateLeaseAsync(DecisionRequest request, long size) {
		Call call = call(request, Mode.LEASE, size);
		return runAsync(call).thenApply((reply) -> call.grant(request.limits(), reply));
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
		Call call = call(new DecisionRequest(key, limits, 1), Mode.PEEK, 1);
		return call.decision(limits, run(call));
	}

	/**
	 * Charge units admitted elsewhere to every limit in one script call, with
	 * {@code limits.lua}'s settle mode: a limit may go into debt.
	 * @param request the key, its limits and the units to charge
	 * @return how every limit stands after the charge
	 */
	@Override
	public Decision settle(DecisionRequest request) {
		Call call = call(request, Mode.SETTLE, request.cost());
		return call.decision(request.limits(), run(call));
	}

	/**
	 * Give units back to every limit in one script call, with {@code limits.lua}'s refund
	 * mode, in the windows the charging decision counted them in.
	 * @param request the key, its limits and the units to give back
	 * @param charged the decision that charged them
	 * @param since how long ago that decision was made
	 * @return how every limit stands after the refund
	 */
	@Override
	public Decision refund(DecisionRequest request, Decision charged, Duration since) {
		long now = this.clock.nowMicros();
		long[] windows = ChargedWindows.ends(charged, now - Micros.of(since));
		List<Object> reply = this.runner.run(LIMITS, stateKeys(request.key(), request.limits()),
				LimitsScriptLayout.refundArguments(request.cost(), request.limits(), now, windows));
		return LimitsScriptLayout.decision(request.limits(), reply, now);
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
		if (!this.runner.oneSlotPerCall()) {
			// one partition: no key to build for every request
			return this.runner.partition(NO_KEY);
		}
		// every state key of a client shares the slot of its hash tag
		return this.runner.partition(this.keys.stateKey(key, "").getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return the Redis Cluster masters serving slots, by node id; the one partition
	 * {@code ""} outside a cluster.
	 */
	@Override
	public Set<String> partitions() {
		return this.runner.partitions();
	}

	private Call call(DecisionRequest request, Mode mode, long size) {
		long now = this.clock.nowMicros();
		return new Call(stateKeys(request.key(), request.limits()),
				LimitsScriptLayout.arguments(mode, request.cost(), size, request.limits(), now), now);
	}

	private List<Object> run(Call call) {
		return this.runner.run(LIMITS, call.keys(), call.args());
	}

	private CompletionStage<List<Object>> runAsync(Call call) {
		return this.runner.runAsync(LIMITS, call.keys(), call.args());
	}

	private byte[][] stateKeys(String key, List<LimitSpec> limits) {
		byte[][] stateKeys = new byte[limits.size()][];
		for (int i = 0; i < limits.size(); i++) {
			stateKeys[i] = this.keys.stateKey(key, limits.get(i).name()).getBytes(StandardCharsets.UTF_8);
		}
		return stateKeys;
	}

	/**
	 * One call of {@code limits.lua}, encoded: its keys, its arguments and this node's
	 * time they were encoded around, by which the reply is decoded.
	 */
	private record Call(byte[][] keys, byte[][] args, long now) {

		Decision decision(List<LimitSpec> limits, List<Object> reply) {
			return LimitsScriptLayout.decision(limits, reply, this.now);
		}

		LeaseGrant grant(List<LimitSpec> limits, List<Object> reply) {
			return new LeaseGrant(decision(limits, reply), LimitsScriptLayout.granted(limits, reply));
		}

	}

}
