package dev.ratelimit.benchmarks;

import dev.ratelimit.testsupport.RedisEndpoint;
import org.redisson.Redisson;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@link RRateLimiter} with Redisson's default connection pool. It is a
 * sliding window, so it is given {@code burst} permits per the window in which the bucket
 * refills {@code burst} tokens: the same sustained rate and the same burst.
 */
final class RedissonContender implements Contender {

	private final RedissonClient redisson;

	private final RRateLimiter[] limiters;

	RedissonContender(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
		Config config = new Config();
		config.useSingleServer().setAddress(redis.uri());
		this.redisson = Redisson.create(config);
		this.limiters = new RRateLimiter[keys.size()];
		for (int i = 0; i < keys.size(); i++) {
			RRateLimiter limiter = this.redisson.getRateLimiter("rsn:" + keys.name(i) + ":" + limit.name());
			limiter.trySetRate(RateType.OVERALL, limit.burst(), limit.window());
			this.limiters[i] = limiter;
		}
	}

	@Override
	public boolean tryAcquire(int key) {
		return this.limiters[key].tryAcquire();
	}

	@Override
	public void close() {
		this.redisson.shutdown();
	}

}
