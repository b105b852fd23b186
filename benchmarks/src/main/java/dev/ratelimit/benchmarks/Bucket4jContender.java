package dev.ratelimit.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.ratelimit.testsupport.RedisEndpoint;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Bucket4j's Lettuce proxy manager on one shared connection: a {@code GET} of the
 * serialized bucket, then a compare-and-swap script, retried while other callers win the
 * swap. Buckets expire once full, like ours.
 */
final class Bucket4jContender implements Contender {

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final BucketProxy[] buckets;

	Bucket4jContender(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
		this.client = RedisClient.create(redis.uri());
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		ProxyManager<byte[]> proxyManager = Bucket4jLettuce.casBasedBuilder(this.connection)
			.expirationAfterWrite(
					ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
			.build();
		BucketConfiguration configuration = BucketConfiguration.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit.burst()).refillGreedy(limit.permits(), limit.period()))
			.build();
		this.buckets = new BucketProxy[keys.size()];
		for (int i = 0; i < keys.size(); i++) {
			byte[] key = ("b4j:" + keys.name(i) + ":" + limit.name()).getBytes(StandardCharsets.UTF_8);
			this.buckets[i] = proxyManager.builder().build(key, () -> configuration);
		}
	}

	@Override
	public boolean tryAcquire(int key) {
		return this.buckets[key].tryConsume(1);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
