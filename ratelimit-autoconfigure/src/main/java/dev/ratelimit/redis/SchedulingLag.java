package dev.ratelimit.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * Measures whether this JVM's threads currently run on time: while started, one daemon
 * thread parks for a few milliseconds at a time and notes when it wakes late. A thread
 * that wakes late shares the cores with more runnable threads than they can serve
 * promptly, and so does the driver's event loop reading Redis replies: while that is so,
 * a reply that has not been read says nothing about Redis. Its owner (the
 * {@link ScriptRunner}, a bean of the application context) starts and stops it.
 */
final class SchedulingLag {

	static final String THREAD_NAME = "ratelimit-scheduling-lag";

	private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long LATE = TimeUnit.MILLISECONDS.toNanos(2);

	private volatile long lastLate = System.nanoTime() - Long.MAX_VALUE / 2;

	private @Nullable Thread pulse;

	/**
	 * Start the thread measuring lag, unless it runs.
	 */
	synchronized void start() {
		if (this.pulse == null) {
			this.pulse = DaemonThreads.start(THREAD_NAME, this::pulse);
		}
	}

	/**
	 * Stop the thread measuring lag and wait until it has ended.
	 */
	void stop() {
		Thread stopping;
		synchronized (this) {
			stopping = this.pulse;
			this.pulse = null;
		}
		if (stopping != null) {
			stopping.interrupt();
			try {
				stopping.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Return whether the thread measuring lag runs.
	 * @return whether it runs
	 */
	synchronized boolean isRunning() {
		return this.pulse != null;
	}

	/**
	 * Note a thread of the caller's that woke late.
	 * @param now when it woke
	 */
	void late(long now) {
		this.lastLate = now;
	}

	/**
	 * Return whether a thread woke late within the given window before now.
	 * @param now the current time
	 * @param window the window in nanoseconds
	 * @return whether the node has been busy
	 */
	boolean busyWithin(long now, long window) {
		return now - this.lastLate < window;
	}

	private void pulse() {
		while (!Thread.currentThread().isInterrupted()) {
			long deadline = System.nanoTime() + PERIOD;
			LockSupport.parkNanos(PERIOD);
			long now = System.nanoTime();
			if (now - deadline > LATE) {
				this.lastLate = now;
			}
		}
	}

}
