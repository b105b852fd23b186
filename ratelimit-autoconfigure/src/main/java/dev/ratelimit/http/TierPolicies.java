package dev.ratelimit.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The policy names and {@code RateLimit-Policy} members of every configured tier, written
 * once at startup so that no request builds them: each limit's own name (one tier and
 * client applied) and its {@code tier.limit} name (several did), quoted, with its
 * {@code q} and {@code w}. A tier built at runtime from a client's plan, or a limit that
 * stands with other values (this node's share while the store is away, a calendar month's
 * current length), has its names written when it is reported.
 */
public final class TierPolicies {

	private final Map<String, Names> tiers;

	private final ConcurrencyLimits concurrency;

	/**
	 * Write the names of every configured tier.
	 * @param registry the configured tiers
	 * @param concurrency the tiers' concurrency limits
	 */
	public TierPolicies(TierRegistry registry, ConcurrencyLimits concurrency) {
		Map<String, Names> tiers = new HashMap<>();
		for (String name : registry.names()) {
			Tier tier = registry.require(name);
			tiers.put(name, new Names(tier, concurrency.of(name)));
		}
		this.tiers = Map.copyOf(tiers);
		this.concurrency = concurrency;
	}

	/**
	 * Return the names of a tier: those written at startup when it is the configured one.
	 */
	Names of(Tier tier) {
		Names names = this.tiers.get(tier.name());
		return (names != null && names.tier == tier) ? names : new Names(tier, this.concurrency.of(tier.name()));
	}

	/**
	 * One tier's names, in the order of its limits.
	 */
	static final class Names {

		private final Tier tier;

		private final Name[] own;

		private final Name[] qualified;

		private final @Nullable Name inFlightOwn;

		private final @Nullable Name inFlightQualified;

		Names(Tier tier, @Nullable ConcurrencyLimit inFlight) {
			this.tier = tier;
			List<LimitSpec> limits = tier.limits();
			this.own = new Name[limits.size()];
			this.qualified = new Name[limits.size()];
			for (int i = 0; i < limits.size(); i++) {
				LimitSpec limit = limits.get(i);
				this.own[i] = Name.rate(limit.name(), limit.burst(), limit.windowSeconds());
				this.qualified[i] = Name.rate(tier.name() + "." + limit.name(), limit.burst(), limit.windowSeconds());
			}
			this.inFlightOwn = (inFlight != null) ? Name.concurrent(inFlight.name(), inFlight.limit()) : null;
			this.inFlightQualified = (inFlight != null)
					? Name.concurrent(tier.name() + "." + inFlight.name(), inFlight.limit()) : null;
		}

		/**
		 * Return the name of the tier's limit at an index, standing with a quota and a
		 * window.
		 */
		Name rate(int index, boolean single, LimitSpec limit, long quota, long windowSeconds) {
			Name[] names = single ? this.own : this.qualified;
			Name name = (index < names.length) ? names[index] : null;
			if (name != null && name.quota() == quota && name.windowSeconds() == windowSeconds
					&& this.tier.limits().get(index).name().equals(limit.name())) {
				return name;
			}
			return Name.rate(single ? limit.name() : this.tier.name() + "." + limit.name(), quota, windowSeconds);
		}

		/**
		 * Return the name of the tier's concurrency limit, standing with a quota.
		 */
		Name concurrent(boolean single, ConcurrencyLimit limit) {
			Name name = single ? this.inFlightOwn : this.inFlightQualified;
			String own = single ? limit.name() : this.tier.name() + "." + limit.name();
			if (name != null && name.quota() == limit.limit() && name.name().equals(own)) {
				return name;
			}
			return Name.concurrent(own, limit.limit());
		}

	}

	/**
	 * A policy's name, quoted, and its member of the {@code RateLimit-Policy} field.
	 *
	 * @param name the name
	 * @param quoted the name as a structured-field string
	 * @param policyItem the member of the {@code RateLimit-Policy} field
	 * @param quota its {@code q}
	 * @param windowSeconds its {@code w}, 0 for a concurrency limit
	 */
	record Name(String name, String quoted, String policyItem, long quota, long windowSeconds) {

		static Name rate(String name, long quota, long windowSeconds) {
			String quoted = quote(name);
			return new Name(name, quoted, quoted + ";q=" + quota + ";w=" + windowSeconds, quota, windowSeconds);
		}

		static Name concurrent(String name, long quota) {
			String quoted = quote(name);
			return new Name(name, quoted, quoted + ";q=" + quota + ";qu=\"concurrent-requests\"", quota, 0);
		}

		/**
		 * Return this name with another, for a repeated one.
		 */
		Name renamed(String other) {
			return (this.windowSeconds > 0) ? rate(other, this.quota, this.windowSeconds)
					: concurrent(other, this.quota);
		}

		private static String quote(String name) {
			return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}

	}

}
