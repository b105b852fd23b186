package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.resilience.FleetSize;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Beats this node's heartbeat in the fleet registry, when the fleet is counted, on a
 * thread of its own ({@code ratelimit-heartbeat}) started and stopped with the
 * application context, so that no other work of the limiter can delay a beat and drop the
 * node out of the count.
 */
final class RateLimitHeartbeat implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitHeartbeat.class);

	private final FleetSize fleet;

	private final Duration interval;

	private volatile @Nullable ScheduledThreadPoolExecutor executor;

	RateLimitHeartbeat(FleetSize fleet, Duration interval) {
		this.fleet = fleet;
		this.interval = interval;
	}

	@Override
	public void start() {
		ScheduledThreadPoolExecutor started = new ScheduledThreadPoolExecutor(1,
				BackgroundThreads.named("ratelimit-heartbeat"));
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
			BackgroundThreads.stop(running);
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

}
