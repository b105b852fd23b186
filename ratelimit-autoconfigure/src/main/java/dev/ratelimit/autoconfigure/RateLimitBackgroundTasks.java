package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.resilience.FleetSize;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The limiter's one background thread, started and stopped with the application context:
 * it beats the node's heartbeat in the fleet registry, when the fleet is counted, and
 * runs the settlements of what the local fallback admitted; the thread starts with the
 * first of these tasks. Work handed to it while it is stopped is rejected, never run on
 * the caller's thread.
 */
final class RateLimitBackgroundTasks implements SmartLifecycle, Executor {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitBackgroundTasks.class);

	private final FleetSize fleet;

	private final Duration interval;

	private volatile @Nullable ScheduledThreadPoolExecutor executor;

	RateLimitBackgroundTasks(FleetSize fleet, Duration interval) {
		this.fleet = fleet;
		this.interval = interval;
	}

	@Override
	public void start() {
		ScheduledThreadPoolExecutor started = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "ratelimit-background");
			thread.setDaemon(true);
			return thread;
		});
		started.setRemoveOnCancelPolicy(true);
		started.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.executor = started;
		if (this.fleet.counted()) {
			started.scheduleAtFixedRate(this::beat, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void beat() {
		try {
			this.fleet.beat();
		}
		catch (RuntimeException ex) {
			// a failed beat must not cancel the next ones
			logger.debug("Rate limiter heartbeat failed", ex);
		}
	}

	@Override
	public void stop() {
		ScheduledThreadPoolExecutor running = this.executor;
		this.executor = null;
		if (running != null) {
			running.shutdownNow();
			try {
				running.awaitTermination(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.fleet.leave();
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
		ScheduledThreadPoolExecutor running = this.executor;
		if (running == null) {
			throw new RejectedExecutionException("Rate limiter background tasks are stopped");
		}
		running.execute(task);
	}

}
