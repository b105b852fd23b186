package dev.ratelimit.redis;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the script calls that reach Redis through another executor.
 */
public final class CountingScripts implements ScriptExecutor {

	private final ScriptExecutor delegate;

	private final AtomicInteger calls = new AtomicInteger();

	public CountingScripts(ScriptExecutor delegate) {
		this.delegate = delegate;
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		this.calls.incrementAndGet();
		return this.delegate.run(script, keys, args);
	}

	public int calls() {
		return this.calls.get();
	}

}
