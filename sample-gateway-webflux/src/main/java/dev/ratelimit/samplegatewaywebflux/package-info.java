/**
 * A Spring Cloud Gateway (server-webflux) whose routes apply the rate limiter's tiers,
 * with a small backend of its own to route to.
 */
@NullMarked
package dev.ratelimit.samplegatewaywebflux;

import org.jspecify.annotations.NullMarked;
