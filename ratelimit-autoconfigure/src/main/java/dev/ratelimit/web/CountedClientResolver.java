package dev.ratelimit.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ratelimit.core.ClientKeys;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who a request is counted as and at which tier. The {@link KeyResolver} (or an
 * explicit identity) names the client, which is hashed by {@link ClientKeys}. The tier is
 * the one the endpoint names, unless that is a {@linkplain Tier#plan() plan}: then the
 * {@link TierResolver} may choose another plan for the caller. Its answer is ignored,
 * with one warning per answer, when it names a tier that is unknown or no plan.
 */
public class CountedClientResolver {

	private static final Logger logger = LoggerFactory.getLogger(CountedClientResolver.class);

	private static final int MAX_WARNINGS = 100;

	private final TierRegistry registry;

	private final KeyResolver keyResolver;

	private final TierResolver tierResolver;

	private final ClientKeys keys;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Create a resolver.
	 * @param registry the configured tiers
	 * @param keyResolver decides who is counted
	 * @param tierResolver chooses the caller's plan
	 * @param keys hashes identities into keys
	 */
	public CountedClientResolver(TierRegistry registry, KeyResolver keyResolver, TierResolver tierResolver,
			ClientKeys keys) {
		this.registry = registry;
		this.keyResolver = keyResolver;
		this.tierResolver = tierResolver;
		this.keys = keys;
	}

	/**
	 * Resolve the counted client of a request.
	 * @param request the request
	 * @param requestedTier the tier named by the rule or annotation
	 * @param identity an explicit client identity, or {@code null} for the
	 * {@link KeyResolver}'s
	 * @return the client and its tier
	 */
	public CountedClient resolve(HttpServletRequest request, String requestedTier, @Nullable String identity) {
		Tier tier = tier(request, this.registry.require(requestedTier));
		String token = this.keys.token((identity != null) ? identity : this.keyResolver.resolve(request));
		return new CountedClient(tier, token, this.keys.key(tier.name(), token));
	}

	private Tier tier(HttpServletRequest request, Tier requested) {
		if (!requested.plan()) {
			return requested;
		}
		String name = this.tierResolver.resolve(request, requested.name());
		if (name.equals(requested.name())) {
			return requested;
		}
		if (this.registry.isPlan(name)) {
			return this.registry.require(name);
		}
		if (this.warned.size() < MAX_WARNINGS && this.warned.add(name)) {
			logger.warn("TierResolver chose tier '"
					+ name + "', which is " + (this.registry.contains(name)
							? "no plan (ratelimit.tiers." + name + ".plan is false)" : "not configured")
					+ "; applying '" + requested.name() + "'");
		}
		return requested;
	}

}
