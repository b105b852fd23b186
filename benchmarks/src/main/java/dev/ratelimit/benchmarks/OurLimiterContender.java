package dev.ratelimit.benchmarks;

import java.time.Duration;
import java.util.List;

import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FailurePolicy;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.Tier;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptExecutor;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.testsupport.RedisEndpoint;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Our {@link RedisRateLimiter}, wired as the auto-configuration wires it: a
 * {@link ScriptRunner} over a default {@link LettuceConnectionFactory}, whose one native
 * connection all callers share. An opt-in variant: the tier option that answers recently
 * denied keys from a {@link DenyCache} on this node.
 */
final class OurLimiterContender implements Contender {

	private final LettuceConnectionFactory connectionFactory;

	private final RedisRateLimiter limiter;

	private final Tier tier;

	private final @Nullable DenyCache denials;

	private final KeySpace keys;

	OurLimiterContender(RedisEndpoint redis, BenchLimit limit, KeySpace keys, Variant variant) {
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		Duration timeout = Duration.ofSeconds(2);
		ScriptExecutor runner = new ScriptRunner(this.connectionFactory, timeout);
		this.limiter = new RedisRateLimiter(runner, new RedisKeys(variant.keyPrefix));
		boolean denyCache = variant == Variant.DENY_CACHE;
		this.tier = new Tier("bench", List.of(limit.spec()), FailurePolicy.FAIL_OPEN, false, denyCache, false);
		this.denials = denyCache ? new DenyCache(MicrosClock.monotonic(), 100_000) : null;
		this.keys = keys;
	}

	@Override
	public boolean tryAcquire(int key) {
		String name = this.keys.name(key);
		if (this.denials == null) {
			return this.limiter.decide(name, this.tier.limits(), 1).allowed();
		}
		// as FailSafeRateLimiter does for a tier with deny-cache: true (breaker left out)
		if (this.denials.find(name, this.tier, 1) != null) {
			return false;
		}
		long asked = this.denials.now();
		Decision decision = this.limiter.decide(name, this.tier.limits(), 1);
		this.denials.remember(name, this.tier, 1, decision, asked);
		return decision.allowed();
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

	/**
	 * How our limiter is assembled.
	 */
	enum Variant {

		/** {@code RedisRateLimiter} over {@code ScriptRunner}, as shipped. */
		PLAIN("rl:"),

		/** As shipped, behind a deny cache, as a tier with {@code deny-cache: true}. */
		DENY_CACHE("rld:");

		private final String keyPrefix;

		Variant(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

	}

}
