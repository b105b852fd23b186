/**
 * The WebFlux sample application.
 */
@NullMarked
package dev.ratelimit.samplewebflux;

import org.jspecify.annotations.NullMarked;
