/**
 * The rate-limiting model and its in-process implementation: limit specifications,
 * decisions and the {@link dev.ratelimit.core.RateLimiter} contract. Free of Spring.
 */
@NullMarked
package dev.ratelimit.core;

import org.jspecify.annotations.NullMarked;
