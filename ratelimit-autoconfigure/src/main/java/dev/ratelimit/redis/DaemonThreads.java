package dev.ratelimit.redis;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place the limiter's Redis side starts threads of its own: daemon threads, so
 * that none keeps a JVM alive, each owned and stopped by a lifecycle-managed component.
 */
final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * Start a daemon thread.
	 * @param name the thread's name
	 * @param task what it runs
	 * @return the started thread
	 */
	static Thread start(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * Return a factory of daemon threads named {@code <prefix>-<n>}.
	 * @param prefix starts each name
	 * @return the factory
	 */
	static ThreadFactory named(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
