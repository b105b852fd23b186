package dev.ratelimit.benchmarks;

import dev.ratelimit.testsupport.RedisEndpoint;

/**
 * The contenders, in the order they are reported.
 */
enum ContenderKind {

	/** The bare token bucket script via {@code EVALSHA}: the ceiling for ours. */
	RAW_SCRIPT("raw script (ceiling)") {
		@Override
		Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
			return new RawScriptContender(redis, limit, keys);
		}
	},

	/** Our {@code RedisRateLimiter} on a shared Lettuce connection. */
	OURS("ours") {
		@Override
		Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
			return new OurLimiterContender(redis, limit, keys, OurLimiterContender.Variant.PLAIN);
		}
	},

	/** Ours behind the deny cache a tier can opt into; opt-in here too. */
	OURS_DENY_CACHE("ours + deny cache (tier option)") {
		@Override
		Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
			return new OurLimiterContender(redis, limit, keys, OurLimiterContender.Variant.DENY_CACHE);
		}

		@Override
		boolean optIn() {
			return true;
		}
	},

	/** Bucket4j's compare-and-swap proxy manager for Lettuce. */
	BUCKET4J("bucket4j-lettuce") {
		@Override
		Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
			return new Bucket4jContender(redis, limit, keys);
		}
	},

	/** Redisson's {@code RRateLimiter}. */
	REDISSON("redisson RRateLimiter") {
		@Override
		Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
			return new RedissonContender(redis, limit, keys);
		}
	},

	/** {@code HGETALL} then {@code HSET}, with no atomicity. */
	NAIVE("naive HGETALL+HSET") {
		@Override
		Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys) {
			return new NaiveContender(redis, limit, keys);
		}
	};

	private final String label;

	ContenderKind(String label) {
		this.label = label;
	}

	/**
	 * Connect a contender and prepare its keys.
	 * @param redis the server
	 * @param limit the limit to enforce
	 * @param keys the keys it will be asked about
	 * @return the contender
	 */
	abstract Contender open(RedisEndpoint redis, BenchLimit limit, KeySpace keys);

	/**
	 * Return whether the contender runs only when asked for by name or with
	 * {@code --contenders=all}.
	 * @return whether it is opt-in
	 */
	boolean optIn() {
		return false;
	}

	/**
	 * Return the name shown in the report.
	 * @return the label
	 */
	String label() {
		return this.label;
	}

}
