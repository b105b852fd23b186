package dev.ratelimit.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * One of the limiter's single-thread executors on a named daemon thread, started and
 * stopped with the application context, after the warm-up and after the web server:
 * stopped by interrupting its work and waiting up to a second for it to end.
 *
 * @param <E> the type of the executor
 */
abstract class BackgroundThread<E extends ExecutorService> implements SmartLifecycle {

	private final String name;

	private volatile @Nullable E executor;

	/**
	 * Create a background thread.
	 * @param name the thread's name
	 */
	BackgroundThread(String name) {
		this.name = name;
	}

	/**
	 * Create the executor, on threads of the given factory.
	 * @param threads the factory of the executor's thread
	 * @return the executor
	 */
	abstract E newExecutor(ThreadFactory threads);

	/**
	 * Hand the started executor its first work, if any.
	 * @param executor the executor
	 */
	void started(E executor) {
	}

	/**
	 * Clean up once the executor has stopped.
	 */
	void stopped() {
	}

	/**
	 * Return the running executor.
	 * @return the executor, or {@code null} while stopped
	 */
	@Nullable E executor() {
		return this.executor;
	}

	@Override
	public void start() {
		E started = newExecutor((task) -> {
			Thread thread = new Thread(task, this.name);
			thread.setDaemon(true);
			return thread;
		});
		this.executor = started;
		started(started);
	}

	@Override
	public void stop() {
		E running = this.executor;
		this.executor = null;
		if (running == null) {
			return;
		}
		running.shutdownNow();
		try {
			running.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		stopped();
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		return RateLimitWarmUpLifecycle.PHASE + 1;
	}

}
