package dev.ratelimit.web;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;

/**
 * One validated {@link RateLimited} declaration of a handler method.
 *
 * @param tier the tier named, one of the configured tiers
 * @param cost the units each call costs, at least 1
 * @param key the parsed key expression, or {@code null} when the {@link KeyResolver}
 * decides who is counted
 * @param where the handler method, as named in log lines
 */
public record DeclaredLimit(String tier, long cost, @Nullable Expression key, String where) {

}
