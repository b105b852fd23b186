package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;

/**
 * Test-only path: runs the production script with its {@code TIME} call replaced by a
 * time passed as the last argument, so Lua can be driven by a test clock. Production
 * never runs this variant.
 */
final class InjectedClockScripts implements ScriptExecutor {

	private static final String TIME_CALL = "local time = redis.call('TIME')";

	private final RedisEndpoint redis;

	private final MicrosClock clock;

	InjectedClockScripts(RedisEndpoint redis, MicrosClock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		if (!script.source().contains(TIME_CALL)) {
			throw new IllegalStateException(script.name() + " no longer reads the time with " + TIME_CALL);
		}
		long now = this.clock.nowMicros();
		String source = script.source()
			.replace(TIME_CALL, "local time = {ARGV[#ARGV - 1], ARGV[#ARGV]}; ARGV[#ARGV] = nil; ARGV[#ARGV] = nil");
		String[] command = new String[3 + keys.length + args.length + 2];
		command[0] = "EVAL";
		command[1] = source;
		command[2] = String.valueOf(keys.length);
		int i = 3;
		for (byte[] key : keys) {
			command[i++] = new String(key, StandardCharsets.UTF_8);
		}
		for (byte[] arg : args) {
			command[i++] = new String(arg, StandardCharsets.UTF_8);
		}
		command[i++] = String.valueOf(now / 1_000_000L);
		command[i] = String.valueOf(now % 1_000_000L);
		return (List<Object>) RedisCommands.call(this.redis, Arrays.copyOf(command, command.length));
	}

}
