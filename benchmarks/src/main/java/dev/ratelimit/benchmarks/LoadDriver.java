package dev.ratelimit.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Drives one contender from a number of caller threads, each deciding one request after
 * another (closed loop): an unmeasured warm-up, then a measured window counting the
 * decisions that complete inside it.
 */
final class LoadDriver {

	private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(30);

	private LoadDriver() {
	}

	/**
	 * Run a warm-up and one measured window.
	 * @param contender the contender
	 * @param keys the key space
	 * @param scenario how callers pick keys
	 * @param threads the number of caller threads
	 * @param warmup the unmeasured lead-in
	 * @param window the measured window
	 * @param cpu reads CPU time at the window's edges
	 * @return the measurement
	 */
	static Measurement run(Contender contender, KeySpace keys, Scenario scenario, int threads, Duration warmup,
			Duration window, CpuMeter cpu) {
		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50L + threads);
		long measureFrom = start + warmup.toNanos();
		long measureTo = measureFrom + window.toNanos();
		List<Caller> callers = new ArrayList<>(threads);
		List<Thread> running = new ArrayList<>(threads);
		for (int i = 0; i < threads; i++) {
			Caller caller = new Caller(contender, keys, scenario, start, measureFrom, measureTo);
			callers.add(caller);
			Thread thread = new Thread(caller, "caller-" + i);
			thread.start();
			running.add(thread);
		}
		sleepUntil(measureFrom);
		CpuMeter.Sample first = cpu.sample();
		sleepUntil(measureTo);
		CpuMeter.Usage used = cpu.sample().since(first);
		for (Thread thread : running) {
			join(thread);
		}
		Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
		long decisions = 0;
		long admitted = 0;
		long errors = 0;
		String firstError = null;
		for (Caller caller : callers) {
			latency.add(caller.latency);
			decisions += caller.decisions;
			admitted += caller.admitted;
			errors += caller.errors;
			firstError = (firstError != null) ? firstError : caller.firstError;
		}
		return new Measurement(decisions, admitted, errors, window.toNanos() / 1e9, latency, used, firstError);
	}

	private static void sleepUntil(long deadline) {
		long now;
		while ((now = System.nanoTime()) < deadline) {
			LockSupport.parkNanos(deadline - now);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One caller thread's loop and tallies.
	 */
	private static final class Caller implements Runnable {

		private final Contender contender;

		private final KeySpace keys;

		private final Scenario scenario;

		private final long start;

		private final long measureFrom;

		private final long measureTo;

		private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);

		private long decisions;

		private long admitted;

		private long errors;

		private @Nullable String firstError;

		Caller(Contender contender, KeySpace keys, Scenario scenario, long start, long measureFrom, long measureTo) {
			this.contender = contender;
			this.keys = keys;
			this.scenario = scenario;
			this.start = start;
			this.measureFrom = measureFrom;
			this.measureTo = measureTo;
		}

		@Override
		public void run() {
			sleepUntil(this.start);
			long end;
			do {
				int key = this.scenario.next(this.keys);
				long begin = System.nanoTime();
				boolean allowed = false;
				boolean failed = false;
				try {
					allowed = this.contender.tryAcquire(key);
				}
				catch (RuntimeException ex) {
					failed = true;
					if (this.firstError == null) {
						this.firstError = ex.toString();
					}
				}
				end = System.nanoTime();
				if (end >= this.measureFrom && end < this.measureTo) {
					tally(end - begin, allowed, failed);
				}
			}
			while (end < this.measureTo);
		}

		private void tally(long nanos, boolean allowed, boolean failed) {
			if (failed) {
				this.errors++;
				return;
			}
			this.decisions++;
			if (allowed) {
				this.admitted++;
			}
			this.latency.recordValue(Math.min(nanos, MAX_LATENCY_NANOS));
		}

	}

}
