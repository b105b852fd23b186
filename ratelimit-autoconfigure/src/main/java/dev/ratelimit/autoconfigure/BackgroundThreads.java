package dev.ratelimit.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops the limiter's single-thread executors: named daemon threads, stopped
 * by interrupting their work and waiting a second for it to end.
 */
final class BackgroundThreads {

	private BackgroundThreads() {
	}

	/**
	 * Return a factory of daemon threads of one name, for a single-thread executor.
	 * @param name the threads' name
	 * @return the factory
	 */
	static ThreadFactory named(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Stop an executor: interrupt its work and wait up to a second for it to end.
	 * @param executor the executor
	 */
	static void stop(ExecutorService executor) {
		executor.shutdownNow();
		try {
			executor.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
