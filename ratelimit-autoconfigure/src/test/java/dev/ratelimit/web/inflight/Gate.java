package dev.ratelimit.web.inflight;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Holds handlers in flight until a test opens it, counting those that entered.
 */
public class Gate {

	private final Semaphore entered = new Semaphore(0);

	private volatile CountDownLatch open = new CountDownLatch(1);

	/**
	 * Close the gate for the next handlers.
	 */
	public void close() {
		this.open = new CountDownLatch(1);
		this.entered.drainPermits();
	}

	/**
	 * Let every held handler and every later one through.
	 */
	public void open() {
		this.open.countDown();
	}

	/**
	 * Wait until the given number of handlers have entered since the gate closed.
	 * @param handlers the number
	 * @return whether they did within 10 seconds
	 */
	public boolean awaitEntered(int handlers) throws InterruptedException {
		if (!this.entered.tryAcquire(handlers, 10, TimeUnit.SECONDS)) {
			return false;
		}
		this.entered.release(handlers);
		return true;
	}

	/**
	 * Return how many handlers have entered since the gate closed.
	 * @return the handlers
	 */
	public int entered() {
		return this.entered.availablePermits();
	}

	void enter() {
		this.entered.release();
	}

	void pass() {
		enter();
		try {
			if (!this.open.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Gate never opened");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
