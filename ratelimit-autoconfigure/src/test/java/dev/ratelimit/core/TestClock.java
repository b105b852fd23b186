package dev.ratelimit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MicrosClock} that moves only when told, and only forwards.
 */
public final class TestClock implements MicrosClock {

	private final AtomicLong now = new AtomicLong(1_790_000_000_000_000L);

	@Override
	public long nowMicros() {
		return this.now.get();
	}

	public void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos() / 1000);
	}

	public void advanceMicros(long micros) {
		this.now.addAndGet(micros);
	}

	/**
	 * Move to the next instant that is a whole multiple of the period since the epoch:
	 * the start of the next fixed window of that period.
	 * @param period the period
	 */
	public void advanceToNextMultipleOf(Duration period) {
		long micros = period.toNanos() / 1000;
		this.now.updateAndGet((current) -> (Math.floorDiv(current, micros) + 1) * micros);
	}

	/**
	 * Move to a later instant.
	 * @param instant the instant, not before the current time
	 */
	public void advanceTo(Instant instant) {
		long target = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
		if (target < this.now.get()) {
			throw new IllegalArgumentException(instant + " is before the test clock's current time");
		}
		this.now.set(target);
	}

}
