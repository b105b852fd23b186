package dev.ratelimit.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the settlements of what the local fallback admitted, one at a time, on a thread of
 * their own ({@code ratelimit-settlement}) started and stopped with the application
 * context: a slow settlement delays neither a request nor the heartbeat. Work handed to
 * it while it is stopped is rejected, never run on the caller's thread.
 */
final class RateLimitSettlements extends BackgroundThread<ThreadPoolExecutor> implements Executor {

	RateLimitSettlements() {
		super("ratelimit-settlement");
	}

	@Override
	ThreadPoolExecutor newExecutor(ThreadFactory threads) {
		// at most one settlement per store partition is queued at a time
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(), threads);
	}

	@Override
	public void execute(Runnable task) {
		ThreadPoolExecutor running = executor();
		if (running == null) {
			throw new RejectedExecutionException("Rate limiter settlements are stopped");
		}
		running.execute(task);
	}

}
