package dev.ratelimit.redis;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the script calls that reach Redis through another executor.
 */
public final class CountingScripts implements ScriptExecutor {

	private final ScriptExecutor delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger asyncCalls = new AtomicInteger();

	public CountingScripts(ScriptExecutor delegate) {
		this.delegate = delegate;
	}

	@Override
	public List<Object> run(LuaScript script, byte[][] keys, byte[]... args) {
		this.calls.incrementAndGet();
		return this.delegate.run(script, keys, args);
	}

	@Override
	public CompletionStage<List<Object>> runAsync(LuaScript script, byte[][] keys, byte[]... args) {
		this.calls.incrementAndGet();
		this.asyncCalls.incrementAndGet();
		return this.delegate.runAsync(script, keys, args);
	}

	@Override
	public boolean supportsAsync() {
		return this.delegate.supportsAsync();
	}

	@Override
	public boolean oneSlotPerCall() {
		return this.delegate.oneSlotPerCall();
	}

	@Override
	public String partition(byte[] key) {
		return this.delegate.partition(key);
	}

	@Override
	public Set<String> partitions() {
		return this.delegate.partitions();
	}

	public int calls() {
		return this.calls.get();
	}

	public int asyncCalls() {
		return this.asyncCalls.get();
	}

}
