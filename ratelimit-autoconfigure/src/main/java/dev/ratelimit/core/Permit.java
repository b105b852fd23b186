package dev.ratelimit.core;

/**
 * A permit held for one request in flight.
 *
 * @param key the counted client's key
 * @param tier the tier's name
 * @param limit the limit it counts against, or this node's share of it
 * @param id the permit's id, unique in the fleet
 * @param local whether this node's fallback holds it rather than the shared store, so
 * that it is released and renewed here, never in the store
 */
public record Permit(String key, String tier, ConcurrencyLimit limit, String id, boolean local) {

	@Override
	public String toString() {
		// never the key: a client's key must not reach a log line
		return "Permit " + this.id + " of tier '" + this.tier + "' limit '" + this.limit.name() + "'";
	}

}
