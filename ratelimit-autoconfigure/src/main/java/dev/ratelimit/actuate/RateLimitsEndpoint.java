package dev.ratelimit.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.ratelimit.core.BackendState;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.Decision;
import dev.ratelimit.core.DeltaSeconds;
import dev.ratelimit.core.Fleet;
import dev.ratelimit.core.LimitOutcome;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code ratelimits} actuator endpoint: the configured tiers, one client's current
 * standing in a tier (read without consuming anything), and resetting that standing. A
 * client is named by the identity it is counted as: the one the key resolver produces,
 * such as {@code key:<api key>}, {@code user:<name>} or {@code ip:<address>};
 * {@code spel:<value>} for a client named by a {@code @RateLimited} key expression, the
 * value as the expression yields it ({@code spel:acme}); {@code ip:<address>} for one
 * named by the key {@code #address}, which counts as the key resolver's address. It
 * travels in the body of a {@code POST} to {@code /actuator/ratelimits/standing} or
 * {@code /actuator/ratelimits/reset}, not in the URL that access logs record (actuator
 * would also take it from query parameters, so callers must not send it there); an
 * address is normalised exactly as on the request path ({@code ::1} and
 * {@code 0:0:0:0:0:0:0:1} are one client), and the client is hashed as there and never
 * echoed back in clear.
 */
@Endpoint(id = "ratelimits")
public class RateLimitsEndpoint {

	private final TierRegistry registry;

	private final RateLimiter limiter;

	private final BackendState backend;

	private final ClientKeys keys;

	private final ClientAddresses addresses;

	private final Fleet fleet;

	private final ConcurrencyLimits concurrency;

	/**
	 * Create the endpoint.
	 * @param registry the tiers
	 * @param limiter the shared limiter; a reset through it should also make this node
	 * forget its local state of the client
	 * @param backend how the path to the store stands
	 * @param keys hashes identities as the request path does
	 * @param addresses normalises addresses as the request path does
	 * @param fleet how many nodes share the limits
	 * @param concurrency the tiers' limits of requests in flight
	 */
	public RateLimitsEndpoint(TierRegistry registry, RateLimiter limiter, BackendState backend, ClientKeys keys,
			ClientAddresses addresses, Fleet fleet, ConcurrencyLimits concurrency) {
		this.registry = registry;
		this.limiter = limiter;
		this.backend = backend;
		this.keys = keys;
		this.addresses = addresses;
		this.fleet = fleet;
		this.concurrency = concurrency;
	}

	/**
	 * Describe the configured tiers.
	 * @return the tiers, the breakers' worst state, on Redis Cluster each master's
	 * breaker state by node id, and the fleet: how many nodes share the limits (left out
	 * while awaiting the first count), whether their heartbeats counted them or the
	 * configuration set it, and whether this node awaits its first count, its
	 * local-fallback tiers refusing as fail-closed meanwhile
	 */
	@ReadOperation
	public Map<String, Object> tiers() {
		Map<String, Object> tiers = new LinkedHashMap<>();
		for (String name : this.registry.names()) {
			Tier tier = this.registry.require(name);
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("plan", tier.plan());
			description.put("failurePolicy", tier.failurePolicy().id());
			description.put("mode", tier.shadow() ? "shadow" : "enforce");
			description.put("limits", tier.limits().stream().map(RateLimitsEndpoint::describe).toList());
			ConcurrencyLimit inFlight = this.concurrency.of(name);
			if (inFlight != null) {
				Map<String, Object> held = new LinkedHashMap<>();
				held.put("name", inFlight.name());
				held.put("concurrent", inFlight.limit());
				held.put("maxDuration", inFlight.maxDuration().toString());
				description.put("inFlight", held);
			}
			tiers.put(name, description);
		}
		Map<String, Object> fleet = new LinkedHashMap<>();
		// no number while a counting node awaits its first count: its local fallback
		// refuses (actuator's JSON would leave out a null anyway)
		if (!this.fleet.awaitingCount()) {
			fleet.put("nodes", this.fleet.nodes());
		}
		fleet.put("counted", this.fleet.counted());
		fleet.put("awaitingCount", this.fleet.awaitingCount());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("circuitBreaker", this.backend.circuit().name().toLowerCase(Locale.ROOT));
		Map<String, String> partitions = new LinkedHashMap<>();
		this.backend.partitions().forEach((partition, circuit) -> {
			if (!partition.isEmpty()) {
				partitions.put(partition, circuit.name().toLowerCase(Locale.ROOT));
			}
		});
		if (!partitions.isEmpty()) {
			result.put("partitions", partitions);
		}
		result.put("fleet", fleet);
		result.put("tiers", tiers);
		return result;
	}

	/**
	 * Read one client's standing in a tier ({@code standing}), or forget it, restoring
	 * its full limits ({@code reset}).
	 * @param action {@code standing} or {@code reset}
	 * @param tier the tier
	 * @param client the client identity, such as {@code ip:192.0.2.1}, {@code key:abc} or
	 * {@code spel:acme}
	 * @return the standing, or what was reset and whether the client had used any of it
	 */
	@WriteOperation
	public Map<String, Object> client(@Selector String action, String tier, String client) {
		if (!this.registry.contains(tier)) {
			throw new InvalidEndpointRequestException("Unknown tier", "Unknown tier");
		}
		boolean reset = switch (action) {
			case "standing" -> false;
			case "reset" -> true;
			default -> throw new InvalidEndpointRequestException("Unknown action; use 'standing' or 'reset'",
					"Unknown action");
		};
		Tier found = this.registry.require(tier);
		String token = this.keys.token(normalise(client));
		String key = this.keys.key(found.name(), token);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("tier", found.name());
		result.put("client", token);
		if (found.limits().isEmpty()) {
			// a tier of requests in flight only: permits lapse on their own, none to read
			result.put(reset ? "reset" : "limits", reset ? false : List.of());
			return result;
		}
		Decision decision = this.limiter.peek(key, found.limits());
		if (reset) {
			this.limiter.reset(key, found.limits());
			result.put("reset", true);
			result.put("existed", used(decision));
		}
		else {
			result.put("limits", decision.outcomes().stream().map(RateLimitsEndpoint::describe).toList());
		}
		return result;
	}

	private String normalise(String client) {
		return client.startsWith("ip:") ? this.addresses.identity(client.substring(3)) : client;
	}

	/**
	 * Whether the client stood below a full quota on some limit: state that a reset
	 * changes. A bucket refilled to the brim decides exactly as no state at all.
	 */
	private static boolean used(Decision decision) {
		return decision.outcomes().stream().anyMatch((outcome) -> outcome.remaining() < outcome.spec().burst());
	}

	private static Map<String, Object> describe(LimitSpec limit) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", limit.name());
		description.put("algorithm", limit.algorithm().id());
		description.put("limit", limit.limit());
		CalendarPeriod calendar = limit.calendar();
		if (calendar != null) {
			description.put("period", calendar.unit().id());
			description.put("zone", calendar.zone().getId());
		}
		else {
			description.put("period", limit.period().toString());
		}
		description.put("burst", limit.burst());
		return description;
	}

	private static Map<String, Object> describe(LimitOutcome outcome) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", outcome.spec().name());
		description.put("quota", outcome.spec().burst());
		description.put("remaining", outcome.remaining());
		description.put("resetSeconds", DeltaSeconds.of(outcome.resetAfter()));
		return description;
	}

}
