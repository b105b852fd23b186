/**
 * Servlet integration: the path-rule filter, the {@code @RateLimited} aspect, key and
 * tier resolution, and the 429 response contract.
 */
@NullMarked
package dev.ratelimit.web;

import org.jspecify.annotations.NullMarked;
