package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.resilience.FleetSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beats this node's heartbeat in the fleet registry, when the fleet is counted, on a
 * thread of its own ({@code ratelimit-heartbeat}) started and stopped with the
 * application context, so that no other work of the limiter can delay a beat and drop the
 * node out of the count.
 */
final class RateLimitHeartbeat extends ScheduledBackgroundThread {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitHeartbeat.class);

	private final FleetSize fleet;

	private final Duration interval;

	RateLimitHeartbeat(FleetSize fleet, Duration interval) {
		super("ratelimit-heartbeat");
		this.fleet = fleet;
		this.interval = interval;
	}

	@Override
	void started(ScheduledThreadPoolExecutor executor) {
		if (this.fleet.counted()) {
			executor.scheduleAtFixedRate(this::beat, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
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
	void stopped() {
		this.fleet.leave();
	}

}
