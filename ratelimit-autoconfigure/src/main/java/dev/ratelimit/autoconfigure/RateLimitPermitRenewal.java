package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.ratelimit.core.ConcurrencyGuard;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the permits this node holds for requests in flight, every third of the shortest
 * maximum duration, on a thread of its own ({@code ratelimit-permits}) started and
 * stopped with the application context: a running request keeps its permit, and a node
 * that dies stops renewing, so its permits lapse within one maximum duration.
 */
final class RateLimitPermitRenewal extends ScheduledBackgroundThread {

	private static final Logger logger = LoggerFactory.getLogger(RateLimitPermitRenewal.class);

	private final ConcurrencyGuard guard;

	private final @Nullable Duration interval;

	/**
	 * Create the renewal.
	 * @param guard holds the permits
	 * @param shortest the shortest maximum duration of the tiers' concurrency limits,
	 * {@code null} when no tier has one and nothing is renewed
	 */
	RateLimitPermitRenewal(ConcurrencyGuard guard, @Nullable Duration shortest) {
		super("ratelimit-permits");
		this.guard = guard;
		this.interval = (shortest != null) ? shortest.dividedBy(3) : null;
	}

	@Override
	void started(ScheduledThreadPoolExecutor executor) {
		if (this.interval != null) {
			long nanos = this.interval.toNanos();
			executor.scheduleWithFixedDelay(this::renew, nanos, nanos, TimeUnit.NANOSECONDS);
		}
	}

	private void renew() {
		try {
			this.guard.renewHeld();
		}
		catch (RuntimeException ex) {
			// a failed renewal must not cancel the next ones
			logger.debug("Renewing the permits of requests in flight failed", ex);
		}
	}

}
