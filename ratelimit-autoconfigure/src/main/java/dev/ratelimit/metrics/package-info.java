/**
 * Micrometer metrics of the limiter. Tags are low-cardinality: tier, limit, outcome.
 */
@NullMarked
package dev.ratelimit.metrics;

import org.jspecify.annotations.NullMarked;
