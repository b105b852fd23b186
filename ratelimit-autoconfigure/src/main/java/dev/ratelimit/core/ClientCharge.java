package dev.ratelimit.core;

/**
 * One counted client's part of a request decided together with others: whose key, which
 * tier, at what cost.
 *
 * @param key the client's key within the tier
 * @param tier the tier
 * @param cost the units the request takes, at least 1
 */
public record ClientCharge(String key, Tier tier, long cost) {

}
