package dev.ratelimit.http;

import dev.ratelimit.core.Tier;

/**
 * One counted client's part of a request on one tier, resolved once by the edge: the tier
 * the client is decided by (its plan applied), who it is and what the request costs it.
 *
 * @param tier the tier, with the client's runtime plan applied
 * @param token the client's hashed identity, safe to log
 * @param key the key the client is counted under in the tier
 * @param cost the units to charge
 */
public record ClientPart(Tier tier, String token, String key, long cost) {

}
