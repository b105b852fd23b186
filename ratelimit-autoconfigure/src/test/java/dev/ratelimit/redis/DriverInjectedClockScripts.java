package dev.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.ratelimit.core.MicrosClock;

/**
 * Test-only path through a production {@link ScriptExecutor} (and so through a Spring
 * Data driver): runs the injected-clock variant of each script, see
 * {@link InjectedClockScripts}, with {@code EVALSHA} and the {@code NOSCRIPT} retry.
 */
public final class DriverInjectedClockScripts implements ScriptExecutor {

	private final ScriptExecutor driver;

	private final MicrosClock clock;

	public DriverInjectedClockScripts(ScriptExecutor driver, MicrosClock clock) {
		this.driver = driver;
		this.clock = clock;
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		if (!script.source().contains("redis.call('TIME')")) {
			return this.driver.run(script, keys, args);
		}
		return this.driver.run(injected(script), keys, timed(args));
	}

	@Override
	public CompletionStage<List<Object>> runAsync(LuaScript script, byte[][] keys, byte[]... args) {
		if (!script.source().contains("redis.call('TIME')")) {
			return this.driver.runAsync(script, keys, args);
		}
		return this.driver.runAsync(injected(script), keys, timed(args));
	}

	@Override
	public boolean supportsAsync() {
		return this.driver.supportsAsync();
	}

	private static LuaScript injected(LuaScript script) {
		String source = InjectedClockScripts.injectedClockSource(script);
		return new LuaScript(script.name(), source, sha1(source));
	}

	private byte[][] timed(byte[][] args) {
		long now = this.clock.nowMicros();
		byte[][] timed = Arrays.copyOf(args, args.length + 2);
		timed[args.length] = Long.toString(now / 1_000_000L).getBytes(StandardCharsets.US_ASCII);
		timed[args.length + 1] = Long.toString(now % 1_000_000L).getBytes(StandardCharsets.US_ASCII);
		return timed;
	}

	private static String sha1(String source) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
