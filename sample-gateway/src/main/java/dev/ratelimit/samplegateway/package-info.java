/**
 * A Spring Cloud Gateway (server-webmvc) whose routes apply the rate limiter's tiers,
 * with a small backend of its own to route to.
 */
@NullMarked
package dev.ratelimit.samplegateway;

import org.jspecify.annotations.NullMarked;
