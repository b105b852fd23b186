package dev.ratelimit.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.NodeId;
import dev.ratelimit.core.RateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Readies the path to the store before the node takes traffic: connects, loads the
 * scripts and runs one decision per tier on a key of this node's own, then resets it,
 * all within a deadline. If the store does not answer in time the breaker is opened,
 * so the failure policies apply from the first request and the health says so; startup
 * never fails for it.
 */
public class WarmUp {

	private static final Log logger = LogFactory.getLog(WarmUp.class);

	private final RateLimiter primary;

	private final CircuitBreaker breaker;

	private final BreakerState state;

	/**
	 * Create a warm-up.
	 * @param primary the shared limiter
	 * @param breaker the breaker around it
	 * @param state where the outcome is reported
	 */
	public WarmUp(RateLimiter primary, CircuitBreaker breaker, BreakerState state) {
		this.primary = primary;
		this.breaker = breaker;
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
		CompletableFuture<Void> work = CompletableFuture.runAsync(() -> {
			for (List<LimitSpec> limits : tiersLimits) {
				this.primary.decide(key, limits, 1);
				this.primary.reset(key, limits);
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
			return failed("no answer within " + deadline);
		}
		catch (ExecutionException ex) {
			return failed(String.valueOf(ex.getCause().getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failed("interrupted");
		}
	}

	private static void startDaemon(Runnable task) {
		Thread thread = new Thread(task, "ratelimit-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	private boolean failed(String reason) {
		this.state.warmUpFailed(reason);
		if (this.breaker.getState() != CircuitBreaker.State.OPEN) {
			this.breaker.transitionToOpenState();
		}
		logger.warn("Rate limiter could not warm up on its store (" + reason
				+ "); failure policies apply until it answers");
		return false;
	}

}
