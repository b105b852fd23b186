/**
 * The embedded Redis the samples start by default, so that each runs with nothing
 * installed.
 */
@NullMarked
package dev.ratelimit.sample.redis;

import org.jspecify.annotations.NullMarked;
