package dev.ratelimit.core;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a clean-up on the calling thread unless another thread is already running one,
 * so callers never queue behind each other.
 */
final class Sweeper {

	private final AtomicBoolean running = new AtomicBoolean();

	void submit(Runnable sweep) {
		if (this.running.compareAndSet(false, true)) {
			try {
				sweep.run();
			}
			finally {
				this.running.set(false);
			}
		}
	}

}
