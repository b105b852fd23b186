/**
 * Spring Cloud Gateway server-webflux: the {@code RateLimit} gateway filter, applying a
 * tier through the same reactive pipeline as {@code @RateLimited} WebFlux handlers.
 */
@NullMarked
package dev.ratelimit.gateway.webflux;

import org.jspecify.annotations.NullMarked;
