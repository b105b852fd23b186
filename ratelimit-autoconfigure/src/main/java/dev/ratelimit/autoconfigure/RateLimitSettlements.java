package dev.ratelimit.autoconfigure;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the settlements of what the local fallback admitted, one at a time, on a thread of
 * their own ({@code ratelimit-settlement}) started and stopped with the application
 * context: a slow settlement delays neither a request nor the heartbeat. Work handed to
 * it while it is stopped is rejected, never run on the caller's thread.
 */
final class RateLimitSettlements implements SmartLifecycle, Executor {

	private volatile @Nullable ThreadPoolExecutor executor;

	@Override
	public void start() {
		// at most one settlement per store partition is queued at a time
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(),
				BackgroundThreads.named("ratelimit-settlement"));
	}

	@Override
	public void stop() {
		ThreadPoolExecutor running = this.executor;
		this.executor = null;
		if (running != null) {
			BackgroundThreads.stop(running);
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		// stopped after the web server, started after the warm-up
		return RateLimitWarmUpLifecycle.PHASE + 1;
	}

	@Override
	public void execute(Runnable task) {
		ThreadPoolExecutor running = this.executor;
		if (running == null) {
			throw new RejectedExecutionException("Rate limiter settlements are stopped");
		}
		running.execute(task);
	}

}
