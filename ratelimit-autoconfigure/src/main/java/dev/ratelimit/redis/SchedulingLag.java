package dev.ratelimit.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures whether this JVM's threads currently run on time: one daemon thread parks for
 * a few milliseconds at a time and notes when it wakes late. A thread that wakes late
 * shares the cores with more runnable threads than they can serve promptly, and so does
 * the driver's event loop reading Redis replies: while that is so, a reply that has not
 * been read says nothing about Redis.
 */
final class SchedulingLag {

	private static final long PERIOD = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long LATE = TimeUnit.MILLISECONDS.toNanos(2);

	private static final SchedulingLag INSTANCE = new SchedulingLag();

	private volatile long lastLate = System.nanoTime() - Long.MAX_VALUE / 2;

	private SchedulingLag() {
		Thread pulse = new Thread(this::pulse, "ratelimit-scheduling-lag");
		pulse.setDaemon(true);
		pulse.start();
	}

	static SchedulingLag get() {
		return INSTANCE;
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
		while (true) {
			long deadline = System.nanoTime() + PERIOD;
			LockSupport.parkNanos(PERIOD);
			long now = System.nanoTime();
			if (now - deadline > LATE) {
				this.lastLate = now;
			}
		}
	}

}
