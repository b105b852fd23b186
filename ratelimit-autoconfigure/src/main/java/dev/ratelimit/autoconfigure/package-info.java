/**
 * Auto-configuration of the rate limiter and its configuration properties.
 */
@NullMarked
package dev.ratelimit.autoconfigure;

import org.jspecify.annotations.NullMarked;
