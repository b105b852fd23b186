/**
 * A load harness, run by hand, that compares the Redis limiter with the bare token bucket
 * script, Bucket4j, Redisson and a naive read-modify-write on one Redis.
 */
@NullMarked
package dev.ratelimit.benchmarks;

import org.jspecify.annotations.NullMarked;
