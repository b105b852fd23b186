package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import dev.ratelimit.core.BackendState.WarmUpFailure;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.NodeId;
import dev.ratelimit.core.RateLimitBackendException;
import dev.ratelimit.core.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readies the path to the store before the node takes traffic: connects, loads the
 * scripts and runs one decision per tier on a key of this node's own, then resets it, all
 * within a deadline, retrying while the connection is being made. If the store does not
 * answer in time, startup goes on: the health reports the failed warm-up until the store
 * answers, and requests meanwhile get the failure policy's answer within the budget,
 * never the connect timeout.
 */
public class WarmUp {

	private static final Logger logger = LoggerFactory.getLogger(WarmUp.class);

	private static final long RETRY_PAUSE = TimeUnit.MILLISECONDS.toNanos(50);

	private final RateLimiter primary;

	private final BreakerState state;

	/**
	 * Create a warm-up.
	 * @param primary the shared limiter
	 * @param state where the outcome is reported
	 */
	public WarmUp(RateLimiter primary, BreakerState state) {
		this.primary = primary;
		this.state = state;
	}

	/**
	 * Warm up with each tier's limits.
	 * @param tiersLimits the limits of every tier
	 * @param deadline the longest the warm-up may take
	 * @return whether the store answered every warm-up decision in time
	 */
	public boolean run(Collection<List<LimitSpec>> tiersLimits, Duration deadline) {
		String key = "warm-up:" + NodeId.current();
		long start = System.nanoTime();
		long end = start + deadline.toNanos();
		CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
			for (List<LimitSpec> limits : tiersLimits) {
				decideUntil(key, limits, end);
			}
		}, WarmUp::startDaemon);
		try {
			work.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
			this.state.warmUpFailed(null);
			if (logger.isDebugEnabled()) {
				logger.debug("Rate limiter warmed up on its store in "
						+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
			}
			return true;
		}
		catch (TimeoutException ex) {
			return failed(WarmUpFailure.TIMEOUT, "Redis gave no answer within " + deadline);
		}
		catch (ExecutionException ex) {
			return failed(WarmUpFailure.ERROR, String.valueOf(ex.getCause().getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed(WarmUpFailure.INTERRUPTED, "interrupted");
		}
	}

	/**
	 * Decide and reset the warm-up key, retrying while the connection is being made.
	 */
	private void decideUntil(String key, List<LimitSpec> limits, long end) {
		while (true) {
			try {
				this.primary.decide(key, limits, 1);
				this.primary.reset(key, limits);
				return;
			}
			catch (RateLimitBackendException ex) {
				if (System.nanoTime() + RETRY_PAUSE - end >= 0) {
					throw ex;
				}
				LockSupport.parkNanos(RETRY_PAUSE);
			}
		}
	}

	private static void startDaemon(Runnable task) {
		Thread thread = new Thread(task, "ratelimit-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	private boolean failed(WarmUpFailure failure, String reason) {
		// the reason may name the store's host and port: the log has it, the state (and
		// so the health) only the category
		this.state.warmUpFailed(failure);
		logger.warn("Rate limiter could not warm up on its store (" + reason
				+ "); the health reports it until the store answers, failure policies apply while it does not");
		return false;
	}

}
