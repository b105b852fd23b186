package dev.ratelimit.redis;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.ratelimit.core.RateLimitBackendException;

/**
 * Bounds the wait for one Redis reply. Slow is not down: when the budget passes without a
 * reply, the call counts as failed unless the node it was sent to has replied since it
 * was sent (that node is alive and working through its pipeline), or this JVM is busy (a
 * thread woke late within the last two budgets, see {@link SchedulingLag}: replies may
 * sit unread) and no command sent after it has been answered by another node (which would
 * show that replies are being read promptly). Then it keeps waiting for its own reply, up
 * to the busy timeout. Liveness is judged per node: on Redis Cluster, replies from the
 * healthy masters prove nothing about a frozen one.
 * <p>
 * The rule is applied either by a thread waiting for the reply ({@link #await}) or, for a
 * caller that must not wait, at each deadline by the JDK's delay scheduler
 * ({@link #within}): the same rule, the same memory of late wake-ups.
 */
final class ReplyWait {

	/**
	 * A parked thread on an idle machine wakes within tens of microseconds of its
	 * deadline; one waking a millisecond late shares its cores with more runnable threads
	 * than they can serve promptly.
	 */
	private static final long LATE_WAKE_FLOOR = 1_000_000;

	private final long timeout;

	private final long busyTimeout;

	private final long lateWake;

	private final SchedulingLag lag;

	private final AtomicLong latestAnsweredSend = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

	ReplyWait(Duration timeout, Duration busyTimeout, SchedulingLag lag) {
		this.timeout = timeout.toNanos();
		this.busyTimeout = Math.max(busyTimeout.toNanos(), this.timeout);
		this.lateWake = Math.max(LATE_WAKE_FLOOR, this.timeout / 50);
		this.lag = lag;
	}

	/**
	 * Return the longest wait while Redis answers but this node reads replies late.
	 * @return the busy timeout in nanoseconds
	 */
	long busyTimeout() {
		return this.busyTimeout;
	}

	/**
	 * Note that a node replied, with a result or an error of its own, to a command. Only
	 * what Redis sent counts: a cancelled wait or a closed connection is no sign of life,
	 * and taking it for one would keep the next waiters waiting.
	 * @param node the node the command was sent to
	 * @param sent when the command was sent
	 */
	void replied(Node node, long sent) {
		node.lastReply = System.nanoTime();
		this.latestAnsweredSend.accumulateAndGet(sent,
				(latest, candidate) -> (candidate - latest > 0) ? candidate : latest);
	}

	/**
	 * Wait for a reply, cancelling the future when the wait fails.
	 * @param <T> the reply's type
	 * @param future the pending reply
	 * @param sent when the command was sent
	 * @param node the node it was sent to
	 * @return the reply
	 * @throws ExecutionException if the command failed
	 * @throws RateLimitBackendException if the wait timed out or was interrupted
	 */
	<T> T await(Future<T> future, long sent, Node node) throws ExecutionException {
		long deadline = sent + this.timeout;
		try {
			while (true) {
				try {
					return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					long now = System.nanoTime();
					if (!keepWaiting(sent, node, deadline, now)) {
						future.cancel(false);
						throw timedOut(sent, now, ex);
					}
					deadline = nextDeadline(sent, now);
				}
			}
		}
		catch (InterruptedException ex) {
			future.cancel(false);
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while waiting for Redis", ex);
		}
	}

	/**
	 * Put a call in a full queue of calls waiting for a thread, waiting for a place by
	 * the rule of {@link #await}: while Redis answers the calls ahead, a full queue is
	 * this node's load, not a failure of Redis.
	 * @param queue the calls waiting for a thread
	 * @param call the call
	 * @param sent when the call was made
	 * @param node the node the calls go to
	 * @return whether the call found a place; {@code false} when Redis answered none of
	 * the calls ahead within the budget
	 * @throws RateLimitBackendException if interrupted
	 */
	boolean offer(BlockingQueue<Runnable> queue, Runnable call, long sent, Node node) {
		long deadline = sent + this.timeout;
		try {
			while (!queue.offer(call, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				long now = System.nanoTime();
				if (!keepWaiting(sent, node, deadline, now)) {
					return false;
				}
				deadline = nextDeadline(sent, now);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RateLimitBackendException("Interrupted while waiting for a Redis call's turn", ex);
		}
	}

	/**
	 * Bound the wait for a reply without a waiting thread: the JDK's delay scheduler
	 * judges the call at each deadline by the rule of {@link #await}, and when the wait
	 * fails it cancels the future and fails the returned stage.
	 * @param <T> the reply's type
	 * @param future the pending reply
	 * @param sent when the command was sent
	 * @param node the node it was sent to
	 * @return a stage completing with the reply, or failing with the command's failure or
	 * a {@link RateLimitBackendException} when the wait timed out
	 */
	<T> CompletableFuture<T> within(CompletableFuture<T> future, long sent, Node node) {
		CompletableFuture<T> bounded = new CompletableFuture<>();
		future.whenComplete((reply, failure) -> {
			if (failure == null) {
				bounded.complete(reply);
			}
			else {
				bounded.completeExceptionally(failure);
			}
		});
		judgeAt(sent + this.timeout, future, bounded, sent, node);
		return bounded;
	}

	private void judgeAt(long deadline, CompletableFuture<?> future, CompletableFuture<?> bounded, long sent,
			Node node) {
		Executor judge = CompletableFuture.delayedExecutor(Math.max(0, deadline - System.nanoTime()),
				TimeUnit.NANOSECONDS, Runnable::run);
		judge.execute(() -> {
			if (bounded.isDone()) {
				return;
			}
			long now = System.nanoTime();
			if (keepWaiting(sent, node, deadline, now)) {
				judgeAt(nextDeadline(sent, now), future, bounded, sent, node);
			}
			else {
				bounded.completeExceptionally(timedOut(sent, now, new TimeoutException()));
				future.cancel(false);
			}
		});
	}

	/**
	 * Judge a call whose deadline has passed without a reply, noting a late wake-up.
	 */
	private boolean keepWaiting(long sent, Node node, long deadline, long now) {
		if (now - deadline > this.lateWake) {
			this.lag.late(now);
		}
		return now - (sent + this.busyTimeout) < 0 && keepWaiting(sent, node, now);
	}

	private long nextDeadline(long sent, long now) {
		return Math.min(now + this.timeout, sent + this.busyTimeout);
	}

	private static RateLimitBackendException timedOut(long sent, long now, TimeoutException cause) {
		return new RateLimitBackendException(
				"Redis did not answer within " + Duration.ofNanos(now - sent).toMillis() + " ms", cause);
	}

	private boolean keepWaiting(long sent, Node node, long now) {
		return node.answeredSince(sent) || (busy(now) && !answeredLater(sent));
	}

	/**
	 * Whether this node is busy: a thread of this JVM woke late within the last two
	 * budgets (one budget proved too short a memory on a saturated 2-core machine, where
	 * late wake-ups come in bursts).
	 */
	private boolean busy(long now) {
		return this.lag.busyWithin(now, 2 * this.timeout);
	}

	/**
	 * Whether a command sent after the given moment has been answered: replies are being
	 * read, so a reply still missing was not sent. On one connection this implies that
	 * the node itself answered, so standalone and Sentinel are judged as by their node's
	 * replies alone.
	 */
	private boolean answeredLater(long sent) {
		return this.latestAnsweredSend.get() - sent > 0;
	}

	/**
	 * One Redis node as the replies it sent: the master of a cluster's slots, or the one
	 * server of a standalone or Sentinel set-up.
	 */
	static final class Node {

		private volatile long lastReply = System.nanoTime();

		/**
		 * Return whether a reply arrived after the given moment: the node was alive after
		 * it and is working through its pipeline (a stopped Redis sends nothing after the
		 * moment it stops).
		 */
		boolean answeredSince(long sent) {
			return this.lastReply - sent > 0;
		}

	}

}
