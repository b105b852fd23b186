/**
 * Spring Cloud Gateway server-webmvc: the {@code RateLimit} filter of a route, applying a
 * tier through the same servlet pipeline as {@code @RateLimited} and path rules.
 */
@NullMarked
package dev.ratelimit.gateway.mvc;

import org.jspecify.annotations.NullMarked;
