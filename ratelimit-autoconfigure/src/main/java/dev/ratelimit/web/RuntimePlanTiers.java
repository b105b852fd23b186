package dev.ratelimit.web;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.CalendarPeriod;
import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.Tier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the tier a client's runtime plan decides it by, whichever web stack asked the
 * application for the plan: the limits are validated by the same {@link LimitSpec} and
 * {@link Tier} constructors as the configured ones, and the result is cached per distinct
 * set of limits.
 * <p>
 * The built tier keeps the configured tier's name, failure policy, mode and deny cache,
 * so a client's state stays under the same keys ({@code tier:client} and the limit's
 * name) whatever the limits' values: a plan change that keeps a limit's name keeps that
 * limit's state, and a client can mint no new key. Limits that fail validation, or a
 * lookup that failed, are logged once per tier and distinct plan or failure (the limits'
 * values and the reason, never a client value) and the request is decided by the fallback
 * tier; a lookup that failed decides a client by its last plan while it is remembered
 * (the {@value #REMEMBERED_CLIENTS} latest clients), so that no client gets a fresh
 * budget of another shape each time the plan store fails.
 */
public class RuntimePlanTiers {

	/** Most limits one plan may have. */
	public static final int MAX_LIMITS = 8;

	/** Most clients whose last plan is remembered for when the lookup fails. */
	static final int REMEMBERED_CLIENTS = 100_000;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Logger logger = LoggerFactory.getLogger(RuntimePlanTiers.class);

	private final @Nullable Tier fallback;

	private final Predicate<String> chargedAfterResponse;

	private final Cache<Plan, Built> built = Caffeine.newBuilder().maximumSize(10_000).build();

	/** Each client's last tier of a plan, by tier and client token. */
	private final Cache<String, Tier> lastPlans = Caffeine.newBuilder().maximumSize(REMEMBERED_CLIENTS).build();

	private final ReportedOnce reported = new ReportedOnce();

	/**
	 * Create the builder of runtime tiers.
	 * @param fallback decides requests whose runtime limits are invalid or could not be
	 * looked up, or {@code null} for the configured limits of the tier that applies
	 * @param chargedAfterResponse tells the tiers settled once the response is complete,
	 * whose runtime limits must be able to give units back
	 */
	public RuntimePlanTiers(@Nullable Tier fallback, Predicate<String> chargedAfterResponse) {
		this.fallback = fallback;
		this.chargedAfterResponse = chargedAfterResponse;
	}

	/**
	 * Return the tier a client is decided by, given the limits its plan returned.
	 * @param tier the tier that applies, with its configured limits
	 * @param client the client's token, under which its plan is remembered
	 * @param limits the client's runtime limits, or {@code null} for the configured ones
	 * @return the tier with the runtime limits, the tier itself when there are none, or
	 * the fallback tier when they are invalid
	 */
	public Tier of(Tier tier, String client, @Nullable List<PlanLimit> limits) {
		Tier decided = of(tier, limits);
		String key = tier.name() + ':' + client;
		// a read, not a write, on each request of a client whose plan stays as it was
		if (decided != this.fallback && this.lastPlans.getIfPresent(key) != decided) {
			this.lastPlans.put(key, decided);
		}
		return decided;
	}

	private Tier of(Tier tier, @Nullable List<PlanLimit> limits) {
		if (limits == null) {
			return tier;
		}
		if (limits.stream().anyMatch(Objects::isNull)) {
			reportOnce(tier.name() + ":null", "Runtime limits for tier '" + tier.name() + "' are invalid: a limit is "
					+ "null; applying " + describeFallback(tier));
			return fallback(tier);
		}
		Plan plan = new Plan(tier, List.copyOf(limits));
		Built built = this.built.get(plan, this::build);
		if (built.tier() != null) {
			return built.tier();
		}
		reportOnce(tier.name() + ":" + limits, "Runtime limits " + limits + " for tier '" + tier.name()
				+ "' are invalid: " + built.error() + "; applying " + describeFallback(tier));
		return fallback(tier);
	}

	/**
	 * Return the tier a client is decided by when its plan could not be looked up, logged
	 * once per tier, resolver and reason: the client's last plan while it is remembered,
	 * so that a failing lookup hands no client another budget's share, else the fallback
	 * tier.
	 * @param tier the tier that applies, with its configured limits
	 * @param client the client's token, under which its plan is remembered
	 * @param resolver what failed, such as {@code PlanLimitsResolver}
	 * @param reason why, never a client value, such as the exception's class name
	 * @return the client's last plan, else the fallback tier
	 */
	public Tier failed(Tier tier, String client, String resolver, String reason) {
		reportOnce(tier.name() + ":" + resolver + ":" + reason, resolver + " failed for tier '" + tier.name() + "' ("
				+ reason + "); applying each client's last plan, else " + describeFallback(tier));
		Tier last = this.lastPlans.getIfPresent(tier.name() + ':' + client);
		return (last != null) ? last : fallback(tier);
	}

	private Tier fallback(Tier tier) {
		return (this.fallback != null) ? this.fallback : tier;
	}

	private String describeFallback(Tier tier) {
		return (this.fallback != null) ? "fallback tier '" + this.fallback.name() + "'"
				: "the configured limits of tier '" + tier.name() + "'";
	}

	private void reportOnce(String key, String message) {
		if (this.reported.first(key)) {
			logger.warn(message);
		}
	}

	private Built build(Plan plan) {
		try {
			Tier tier = tier(plan.tier(), plan.limits());
			if (this.chargedAfterResponse.test(tier.name())) {
				for (LimitSpec limit : tier.limits()) {
					if (limit.algorithm() == Algorithm.SLIDING_WINDOW_LOG) {
						throw new IllegalArgumentException("Limit '" + limit.name() + "': tier '" + tier.name()
								+ "' is charged after the response, which may give units back; a "
								+ "sliding-window-log cannot");
					}
				}
			}
			return new Built(tier, null);
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			// an overflow means a value too large for the arithmetic, such as a period of
			// ages
			return new Built(null, ex.getMessage());
		}
	}

	private static Tier tier(Tier configured, List<PlanLimit> limits) {
		if (limits.isEmpty() || limits.size() > MAX_LIMITS) {
			throw new IllegalArgumentException("a plan needs 1 to " + MAX_LIMITS + " limits but has " + limits.size());
		}
		Set<String> names = new HashSet<>();
		List<LimitSpec> specs = new ArrayList<>(limits.size());
		for (PlanLimit limit : limits) {
			if (limit.name() == null || !NAME.matcher(limit.name()).matches()) {
				throw new IllegalArgumentException(
						"limit name '" + limit.name() + "' must be 1 to 64 letters, " + "digits, '.', '_' or '-'");
			}
			if (!names.add(limit.name())) {
				throw new IllegalArgumentException("limit name '" + limit.name() + "' repeats");
			}
			specs.add(spec(limit));
		}
		return new Tier(configured.name(), specs, configured.failurePolicy(), configured.shadow(),
				configured.denyCache(), configured.plan());
	}

	private static LimitSpec spec(PlanLimit limit) {
		String calendar = limit.calendar();
		if (calendar == null) {
			if (limit.algorithm() == null || limit.period() == null) {
				throw new IllegalArgumentException("Limit '" + limit.name() + "': period and algorithm are required");
			}
			if (limit.zone() != null) {
				throw new IllegalArgumentException(
						"Limit '" + limit.name() + "': a zone applies only to a calendar period");
			}
			long burst = (limit.burst() != null) ? limit.burst() : limit.limit();
			return new LimitSpec(limit.name(), limit.limit(), limit.period(), burst, algorithm(limit));
		}
		if (limit.period() != null || limit.burst() != null
				|| (limit.algorithm() != null && !limit.algorithm().equals(Algorithm.FIXED_WINDOW.id()))) {
			throw new IllegalArgumentException("Limit '" + limit.name() + "': a calendar period takes no period, "
					+ "burst or algorithm but fixed-window");
		}
		ZoneId zone = (limit.zone() != null) ? limit.zone() : ZoneOffset.UTC;
		return LimitSpec.calendar(limit.name(), limit.limit(),
				new CalendarPeriod(CalendarPeriod.Unit.of(calendar), zone));
	}

	private static Algorithm algorithm(PlanLimit limit) {
		for (Algorithm algorithm : Algorithm.values()) {
			if (algorithm.id().equals(limit.algorithm())) {
				return algorithm;
			}
		}
		throw new IllegalArgumentException("Limit '" + limit.name() + "': unknown algorithm '" + limit.algorithm()
				+ "'; known: " + Arrays.stream(Algorithm.values()).map(Algorithm::id).toList());
	}

	/**
	 * A tier and the runtime limits returned for it.
	 */
	private record Plan(Tier tier, List<PlanLimit> limits) {

	}

	/**
	 * A validated tier, or why the limits were refused.
	 */
	private record Built(@Nullable Tier tier, @Nullable String error) {

	}

}
