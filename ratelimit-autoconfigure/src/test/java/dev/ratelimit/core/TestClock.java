package dev.ratelimit.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MicrosClock} that moves only when told.
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

}
