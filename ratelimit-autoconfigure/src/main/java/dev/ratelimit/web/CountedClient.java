package dev.ratelimit.web;

import dev.ratelimit.core.Tier;

/**
 * Who a request is counted as, and at which tier.
 *
 * @param tier the tier that applies
 * @param token the client's hashed identity, safe to log
 * @param key the key the client is counted under in the tier
 */
public record CountedClient(Tier tier, String token, String key) {

}
