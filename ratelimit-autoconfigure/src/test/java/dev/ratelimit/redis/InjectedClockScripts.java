package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.testsupport.RedisCommands;
import dev.ratelimit.testsupport.RedisEndpoint;

/**
 * Test-only path: runs the production script with its {@code TIME} call replaced by a
 * time passed as the last argument, so Lua can be driven by a test clock. Production
 * never runs this variant. Scripts that do not read the time run as they are.
 * <p>
 * Key expiry runs on Redis's own clock, not the injected one, so a key whose state ends
 * one injected microsecond from now would vanish a millisecond of real time later; the
 * variant therefore keeps every key {@value #TTL_MARGIN_MS} ms longer than production
 * does. Production's TTLs are checked on the production path.
 */
public final class InjectedClockScripts implements ScriptExecutor {

	private static final String TIME_CALL = "local time = redis.call('TIME')";

	private static final String TTL_FUNCTION = "local function ttl(us) return math.ceil(us / 1000) end";

	static final long TTL_MARGIN_MS = 600_000;

	private final RedisEndpoint redis;

	private final MicrosClock clock;

	public InjectedClockScripts(RedisEndpoint redis, MicrosClock clock) {
		this.redis = redis;
		this.clock = clock;
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		boolean readsTime = script.source().contains("redis.call('TIME')");
		String source = readsTime ? injectedClockSource(script) : script.source();
		List<String> command = new ArrayList<>(List.of("EVAL", source, String.valueOf(keys.length)));
		for (byte[] key : keys) {
			command.add(new String(key, StandardCharsets.UTF_8));
		}
		for (byte[] arg : args) {
			command.add(new String(arg, StandardCharsets.UTF_8));
		}
		if (readsTime) {
			long now = this.clock.nowMicros();
			command.add(String.valueOf(now / 1_000_000L));
			command.add(String.valueOf(now % 1_000_000L));
		}
		return (List<Object>) RedisCommands.call(this.redis, command.toArray(String[]::new));
	}

	/**
	 * Return the script's source reading the time from its last two arguments (seconds
	 * and microseconds) and keeping keys {@link #TTL_MARGIN_MS} longer.
	 * @param script the production script
	 * @return the test variant's source
	 */
	static String injectedClockSource(LuaScript script) {
		for (String line : new String[] { TIME_CALL, TTL_FUNCTION }) {
			if (!script.source().contains(line)) {
				throw new IllegalStateException(script.name() + " no longer contains the line " + line);
			}
		}
		return script.source()
			.replace(TIME_CALL, "local time = {ARGV[#ARGV - 1], ARGV[#ARGV]}; ARGV[#ARGV] = nil; ARGV[#ARGV] = nil")
			.replace(TTL_FUNCTION, "local function ttl(us) return math.ceil(us / 1000) + " + TTL_MARGIN_MS + " end");
	}

}
