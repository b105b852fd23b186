package dev.ratelimit.sample;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.redis.LuaScript;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor under a limited request's cost, for {@code scripts/http-cost.sh}: one bare
 * call of the limiter's own script per request through Spring Data Redis, with the keys
 * and arguments the limiter sends for one client of tier {@code free} (the same limits,
 * so Redis does the same work), encoded once at startup, answering the same body as
 * {@code /api/resource}; no identity, header, breaker or policy around it. The distance
 * from it to {@code /api/resource} in the same run is what the starter adds over the
 * Redis call itself. Off unless {@code sample.bench.floor=true}.
 */
@RestController
@ConditionalOnBooleanProperty("sample.bench.floor")
class FloorController {

	private final StringRedisTemplate redis;

	private final byte[] sha1;

	private final byte[][] keysAndArgs;

	private final int keyCount;

	private final NodeName node;

	FloorController(StringRedisTemplate redis, TierRegistry tiers, NodeName node) {
		this.redis = redis;
		this.node = node;
		LuaScript[] sent = new LuaScript[1];
		byte[][][] captured = new byte[2][][];
		new RedisRateLimiter((script, keys, args) -> {
			sent[0] = script;
			captured[0] = keys;
			captured[1] = args;
			return List.of(1L, 0L, 0L, 0L);
		}, new RedisKeys("floor:")).decide("floor", tiers.require("free").limits(), 1);
		this.sha1 = redis
			.execute((RedisCallback<String>) (connection) -> connection.scriptingCommands()
				.scriptLoad(sent[0].source().getBytes(StandardCharsets.UTF_8)))
			.getBytes(StandardCharsets.US_ASCII);
		this.keyCount = captured[0].length;
		this.keysAndArgs = Arrays.copyOf(captured[0], captured[0].length + captured[1].length);
		System.arraycopy(captured[1], 0, this.keysAndArgs, captured[0].length, captured[1].length);
	}

	@GetMapping("/api/bench/floor")
	Map<String, String> floor() {
		this.redis.execute((RedisCallback<Object>) (connection) -> connection.scriptingCommands()
			.evalSha(this.sha1, ReturnType.MULTI, this.keyCount, this.keysAndArgs));
		return Map.of("resource", "the protected thing", "node", this.node.get());
	}

}
