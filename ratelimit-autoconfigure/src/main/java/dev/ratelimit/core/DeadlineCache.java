package dev.ratelimit.core;

import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Builds the bounded Caffeine caches whose entries each carry the instant they mean
 * nothing any more, on a {@link MicrosClock}: an entry expires then, or earlier when the
 * cache is full.
 */
public final class DeadlineCache {

	private DeadlineCache() {
	}

	/**
	 * Create a cache.
	 * @param <V> the type of the values
	 * @param clock the clock the deadlines are read on
	 * @param maxKeys the most entries kept
	 * @param deadline returns a value's deadline, in microseconds of the clock
	 * @param executor runs Caffeine's maintenance
	 * @return the cache
	 */
	public static <V> Cache<String, V> create(MicrosClock clock, int maxKeys, ToLongFunction<V> deadline,
			Executor executor) {
		return Caffeine.newBuilder()
			.maximumSize(maxKeys)
			.expireAfter(new AtDeadline<>(deadline))
			.ticker(() -> clock.nowMicros() * 1000)
			.executor(executor)
			.build();
	}

	/**
	 * Expires an entry at its value's deadline, renewed when the value is replaced.
	 */
	private record AtDeadline<V>(ToLongFunction<V> deadline) implements Expiry<String, V> {

		@Override
		public long expireAfterCreate(String key, V value, long currentTime) {
			return Math.max(0, this.deadline.applyAsLong(value) * 1000 - currentTime);
		}

		@Override
		public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
