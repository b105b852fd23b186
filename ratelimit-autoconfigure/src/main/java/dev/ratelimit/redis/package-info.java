/**
 * The Redis implementation of the limiter: one atomic Lua script per decision, run over
 * the application's shared Lettuce connection.
 */
@NullMarked
package dev.ratelimit.redis;

import org.jspecify.annotations.NullMarked;
