/**
 * WebFlux integration: the path-rule {@code WebFilter}, {@code @RateLimited} on annotated
 * handler methods, the filter of functional endpoints, and the same 429/503 contract as
 * the servlet side, the store awaited without blocking an event loop.
 */
@NullMarked
package dev.ratelimit.webflux;

import org.jspecify.annotations.NullMarked;
