package dev.ratelimit.web;

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
 * {@link TierResolver} may choose another plan, the caller's when the caller is counted,
 * the named client's ({@link TierResolver#resolveNamed}) when a key expression names
 * someone else, so that a caller's key never chooses the plan of a tenant it does not
 * own; where a key expression failed, the caller is counted on the requested tier and no
 * resolver is asked. Its answer is ignored, with one warning per answer, when it names a
 * tier that is unknown or no plan. A resolver that throws or answers {@code null} fails
 * no request: the default resolver answers instead, with one warning per resolver that
 * names no client value.
 */
public class CountedClientResolver {

	private static final Logger logger = LoggerFactory.getLogger(CountedClientResolver.class);

	private final TierRegistry registry;

	private final KeyResolver keyResolver;

	private final TierResolver tierResolver;

	private final ClientKeys keys;

	private final KeyResolver defaultKeyResolver;

	private final TierResolver defaultTierResolver;

	private final ReportedOnce reported = new ReportedOnce();

	/**
	 * Create a resolver.
	 * @param registry the configured tiers
	 * @param keyResolver decides who is counted
	 * @param tierResolver chooses the plan
	 * @param keys hashes identities into keys
	 * @param defaultKeyResolver decides who is counted when {@code keyResolver} fails
	 * @param defaultTierResolver chooses the plan when {@code tierResolver} fails
	 */
	public CountedClientResolver(TierRegistry registry, KeyResolver keyResolver, TierResolver tierResolver,
			ClientKeys keys, KeyResolver defaultKeyResolver, TierResolver defaultTierResolver) {
		this.registry = registry;
		this.keyResolver = keyResolver;
		this.tierResolver = tierResolver;
		this.keys = keys;
		this.defaultKeyResolver = defaultKeyResolver;
		this.defaultTierResolver = defaultTierResolver;
	}

	/**
	 * Resolve the counted client of a request: the caller.
	 * @param request the request
	 * @param requestedTier the tier named by the rule or annotation
	 * @param identity the caller's identity, or {@code null} for the
	 * {@link KeyResolver}'s
	 * @return the client and its tier
	 */
	public CountedClient resolve(HttpServletRequest request, String requestedTier, @Nullable String identity) {
		Tier tier = tier(request, this.registry.require(requestedTier), null);
		return client(tier, (identity != null) ? identity : identity(request));
	}

	/**
	 * Resolve a counted client named by a key expression, such as a tenant, who need not
	 * be the caller.
	 * @param request the request
	 * @param requestedTier the tier named by the annotation
	 * @param named the expression's value
	 * @return the client and its tier
	 */
	public CountedClient resolveNamed(HttpServletRequest request, String requestedTier, String named) {
		Tier tier = tier(request, this.registry.require(requestedTier), named);
		return client(tier, "spel:" + named);
	}

	/**
	 * Resolve the caller's network named by a key expression that is exactly
	 * {@code #address}: the same client as the default {@link KeyResolver}'s address
	 * identity, so that the {@code ratelimits} endpoint names it as {@code ip:<address>},
	 * on the plan that {@link TierResolver#resolveNamed} chooses for it.
	 * @param request the request
	 * @param requestedTier the tier named by the annotation
	 * @param address the address identity, such as {@code ip:192.0.2.1}
	 * @return the client and its tier
	 */
	public CountedClient resolveAddress(HttpServletRequest request, String requestedTier, String address) {
		return client(tier(request, this.registry.require(requestedTier), address), address);
	}

	/**
	 * Resolve the caller, as the {@link KeyResolver} names it, on the requested tier
	 * without asking the {@link TierResolver}: where a key expression failed, the caller
	 * is counted in place of the client the expression names, whose plan is unknown, so
	 * the caller's plan must not apply.
	 * @param request the request
	 * @param requestedTier the tier named by the annotation
	 * @return the client and its tier
	 */
	public CountedClient resolveWithoutPlan(HttpServletRequest request, String requestedTier) {
		return client(this.registry.require(requestedTier), identity(request));
	}

	private CountedClient client(Tier tier, String identity) {
		String token = this.keys.token(identity);
		return new CountedClient(tier, token, this.keys.key(tier.name(), token));
	}

	private String identity(HttpServletRequest request) {
		try {
			String identity = this.keyResolver.resolve(request);
			if (identity != null) {
				return identity;
			}
			warnOnce("KeyResolver " + this.keyResolver.getClass().getName() + " answered null");
		}
		catch (RuntimeException ex) {
			warnOnce("KeyResolver " + this.keyResolver.getClass().getName() + " failed (" + ex.getClass().getName()
					+ ")");
		}
		return this.defaultKeyResolver.resolve(request);
	}

	private Tier tier(HttpServletRequest request, Tier requested, @Nullable String named) {
		if (!requested.plan()) {
			return requested;
		}
		String name = plan(request, requested.name(), named);
		if (name.equals(requested.name())) {
			return requested;
		}
		if (this.registry.isPlan(name)) {
			return this.registry.require(name);
		}
		if (this.reported.first(name)) {
			logger.warn("TierResolver chose tier '"
					+ name + "', which is " + (this.registry.contains(name)
							? "no plan (ratelimit.tiers." + name + ".plan is false)" : "not configured")
					+ "; applying '" + requested.name() + "'");
		}
		return requested;
	}

	private String plan(HttpServletRequest request, String requested, @Nullable String named) {
		try {
			String name = (named != null) ? this.tierResolver.resolveNamed(request, requested, named)
					: this.tierResolver.resolve(request, requested);
			if (name != null) {
				return name;
			}
			warnOnce("TierResolver " + this.tierResolver.getClass().getName() + " answered null");
		}
		catch (RuntimeException ex) {
			warnOnce("TierResolver " + this.tierResolver.getClass().getName() + " failed (" + ex.getClass().getName()
					+ ")");
		}
		return (named != null) ? this.defaultTierResolver.resolveNamed(request, requested, named)
				: this.defaultTierResolver.resolve(request, requested);
	}

	private void warnOnce(String what) {
		if (this.reported.first(what)) {
			logger.warn(what + "; the default resolver answers instead. Reported once.");
		}
	}

}
