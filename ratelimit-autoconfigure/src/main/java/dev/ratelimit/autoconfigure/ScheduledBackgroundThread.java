package dev.ratelimit.autoconfigure;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * A {@link BackgroundThread} that runs periodic work: one scheduled thread, whose delayed
 * tasks end with it.
 */
abstract class ScheduledBackgroundThread extends BackgroundThread<ScheduledThreadPoolExecutor> {

	ScheduledBackgroundThread(String name) {
		super(name);
	}

	@Override
	final ScheduledThreadPoolExecutor newExecutor(ThreadFactory threads) {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		return executor;
	}

}
