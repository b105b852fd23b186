package dev.ratelimit.autoconfigure;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.Algorithm;
import dev.ratelimit.core.FailurePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the rate limiter.
 */
@ConfigurationProperties("ratelimit")
public class RateLimitProperties {

	/**
	 * Whether rate limiting is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Where buckets are kept: 'redis' shares them across nodes, 'local' keeps them per
	 * node in memory.
	 */
	private Backend backend = Backend.REDIS;

	/**
	 * Whether limits are enforced or, in shadow mode, only counted: nobody is denied and
	 * would-be denials are counted as 'shadow_denied'.
	 */
	private Mode mode = Mode.ENFORCE;

	/**
	 * What happens to requests when Redis cannot decide in time: 'local' decides with
	 * per-node buckets holding this node's share of each limit, 'fail-open' admits,
	 * 'fail-closed' answers 503.
	 */
	private FailurePolicy failurePolicy = FailurePolicy.LOCAL;

	/**
	 * Tiers by name, each a set of limits decided together.
	 */
	private Map<String, TierProperties> tiers = new LinkedHashMap<>();

	private final Key key = new Key();

	private final Filter filter = new Filter();

	private final Headers headers = new Headers();

	private final Redis redis = new Redis();

	private final Local local = new Local();

	private final Fallback fallback = new Fallback();

	private final Breaker circuitBreaker = new Breaker();

	private final Plans plans = new Plans();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Backend getBackend() {
		return this.backend;
	}

	public void setBackend(Backend backend) {
		this.backend = backend;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public FailurePolicy getFailurePolicy() {
		return this.failurePolicy;
	}

	public void setFailurePolicy(FailurePolicy failurePolicy) {
		this.failurePolicy = failurePolicy;
	}

	public Fallback getFallback() {
		return this.fallback;
	}

	public Breaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Map<String, TierProperties> getTiers() {
		return this.tiers;
	}

	public void setTiers(Map<String, TierProperties> tiers) {
		this.tiers = tiers;
	}

	public Key getKey() {
		return this.key;
	}

	public Filter getFilter() {
		return this.filter;
	}

	public Headers getHeaders() {
		return this.headers;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Local getLocal() {
		return this.local;
	}

	public Plans getPlans() {
		return this.plans;
	}

	/**
	 * Where buckets are kept.
	 */
	public enum Backend {

		/** Shared buckets on Redis, correct across nodes. */
		REDIS,

		/** Per-node buckets in memory: each node admits the full limit. */
		LOCAL

	}

	/**
	 * Whether limits are enforced.
	 */
	public enum Mode {

		/** Deny requests over the limit. */
		ENFORCE,

		/** Count would-be denials but admit everyone. */
		SHADOW

	}

	/**
	 * One tier.
	 */
	public static class TierProperties {

		/**
		 * Failure policy of this tier, overriding 'ratelimit.failure-policy'.
		 */
		private @Nullable FailurePolicy failurePolicy;

		/**
		 * Mode of this tier, overriding 'ratelimit.mode'.
		 */
		private @Nullable Mode mode;

		public @Nullable FailurePolicy getFailurePolicy() {
			return this.failurePolicy;
		}

		public void setFailurePolicy(@Nullable FailurePolicy failurePolicy) {
			this.failurePolicy = failurePolicy;
		}

		public @Nullable Mode getMode() {
			return this.mode;
		}

		public void setMode(@Nullable Mode mode) {
			this.mode = mode;
		}

		/**
		 * Whether a node, once Redis has denied a client, denies that client's further
		 * requests at the same or a higher cost itself until the Retry-After has passed.
		 */
		private boolean denyCache;

		public boolean isDenyCache() {
			return this.denyCache;
		}

		public void setDenyCache(boolean denyCache) {
			this.denyCache = denyCache;
		}

		/**
		 * Whether this tier is a plan a caller may be on, such as 'free' or 'paid': only
		 * a plan tier may list API keys or be named by a TierResolver, and only a plan
		 * tier is replaced by the caller's plan. Other tiers set an endpoint's own
		 * purpose, such as 'login', and apply whoever calls.
		 */
		private boolean plan;

		public boolean isPlan() {
			return this.plan;
		}

		public void setPlan(boolean plan) {
			this.plan = plan;
		}

		/**
		 * API keys on this plan: a caller sending one is counted as its own client and
		 * gets this tier wherever an endpoint names a plan tier. Plan tiers only; a key
		 * may be listed once across all tiers. Actuator masks them in 'env' and
		 * 'configprops'.
		 */
		private List<String> apiKeys = new ArrayList<>();

		public List<String> getApiKeys() {
			return this.apiKeys;
		}

		public void setApiKeys(List<String> apiKeys) {
			this.apiKeys = apiKeys;
		}

		/**
		 * Response statuses this tier charges for, each a code such as 401 or a class
		 * such as 4xx; a request answered with another status is given back what it was
		 * charged before the handler. Empty charges every status.
		 */
		private List<String> countedStatuses = new ArrayList<>();

		/**
		 * Whether a request answered with a server error (5xx) is given back what it was
		 * charged before the handler, so that the service's failures cost the client
		 * nothing.
		 */
		private boolean refundServerErrors;

		/**
		 * SpEL expression on the value the handler returned (the root object, also
		 * #result; a ResponseEntity's body) giving the units a request costs, charged
		 * once the response is complete, such as 'tokens' or 'usage.totalTokens'.
		 */
		private @Nullable String costFromResult;

		/**
		 * Response header giving the units a request costs, charged once the response is
		 * complete, such as 'X-Tokens-Used'.
		 */
		private @Nullable String costFromHeader;

		public List<String> getCountedStatuses() {
			return this.countedStatuses;
		}

		public void setCountedStatuses(List<String> countedStatuses) {
			this.countedStatuses = countedStatuses;
		}

		public boolean isRefundServerErrors() {
			return this.refundServerErrors;
		}

		public void setRefundServerErrors(boolean refundServerErrors) {
			this.refundServerErrors = refundServerErrors;
		}

		public @Nullable String getCostFromResult() {
			return this.costFromResult;
		}

		public void setCostFromResult(@Nullable String costFromResult) {
			this.costFromResult = costFromResult;
		}

		public @Nullable String getCostFromHeader() {
			return this.costFromHeader;
		}

		public void setCostFromHeader(@Nullable String costFromHeader) {
			this.costFromHeader = costFromHeader;
		}

		/**
		 * Limits of this tier by name, such as 'per-minute'; all are decided together.
		 */
		private Map<String, LimitProperties> limits = new LinkedHashMap<>();

		public Map<String, LimitProperties> getLimits() {
			return this.limits;
		}

		public void setLimits(Map<String, LimitProperties> limits) {
			this.limits = limits;
		}

	}

	/**
	 * One limit of a tier.
	 */
	public static class LimitProperties {

		/**
		 * Units granted per period: the sustained rate.
		 */
		private @Nullable Long limit;

		/**
		 * Length of the period, such as '1m' or '1d', or a calendar period:
		 * 'calendar-day', 'calendar-week' (ISO, from Monday), 'calendar-month' or
		 * 'calendar-year', a fixed window from one local midnight in 'zone' to the next
		 * day's, Monday's, 1st's or 1 January's.
		 */
		private @Nullable LimitPeriod period;

		/**
		 * Time zone, such as 'Europe/Paris', whose midnights bound a calendar period's
		 * windows, daylight-saving changes included; UTC when not set. Calendar periods
		 * only.
		 */
		private @Nullable ZoneId zone;

		/**
		 * Units available at once (the bucket size). Defaults to the limit.
		 */
		private @Nullable Long burst;

		/**
		 * Algorithm deciding this limit: 'token-bucket' when not set, and for a calendar
		 * period 'fixed-window', the only one it takes.
		 */
		private @Nullable Algorithm algorithm;

		/**
		 * Units a node takes from Redis in one call and spends locally on a hot key's
		 * next requests; 0 takes them one request at a time. Token-bucket and gcra only,
		 * at most the burst, and every limit of the tier must lease.
		 */
		private long lease;

		/**
		 * How long a node may spend leased units before unspent ones lapse; defaults to
		 * the period.
		 */
		private @Nullable Duration leaseTtl;

		public @Nullable Long getLimit() {
			return this.limit;
		}

		public void setLimit(@Nullable Long limit) {
			this.limit = limit;
		}

		public @Nullable LimitPeriod getPeriod() {
			return this.period;
		}

		public void setPeriod(@Nullable LimitPeriod period) {
			this.period = period;
		}

		public @Nullable ZoneId getZone() {
			return this.zone;
		}

		public void setZone(@Nullable ZoneId zone) {
			this.zone = zone;
		}

		public @Nullable Long getBurst() {
			return this.burst;
		}

		public void setBurst(@Nullable Long burst) {
			this.burst = burst;
		}

		public @Nullable Algorithm getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(@Nullable Algorithm algorithm) {
			this.algorithm = algorithm;
		}

		public long getLease() {
			return this.lease;
		}

		public void setLease(long lease) {
			this.lease = lease;
		}

		public @Nullable Duration getLeaseTtl() {
			return this.leaseTtl;
		}

		public void setLeaseTtl(@Nullable Duration leaseTtl) {
			this.leaseTtl = leaseTtl;
		}

		/**
		 * Most requests of one client in flight at once across the fleet, a limit of its
		 * own beside the rate limits: held from before the handler runs until the
		 * response is complete. Takes no limit, period or other rate setting.
		 */
		private @Nullable Long concurrent;

		/**
		 * How long a permit of a concurrent limit lasts unless its node renews it (every
		 * third of it while the request runs): what a node killed while serving costs its
		 * clients at most. Defaults to 5m; from 300ms to 1d.
		 */
		private @Nullable Duration maxDuration;

		public @Nullable Long getConcurrent() {
			return this.concurrent;
		}

		public void setConcurrent(@Nullable Long concurrent) {
			this.concurrent = concurrent;
		}

		public @Nullable Duration getMaxDuration() {
			return this.maxDuration;
		}

		public void setMaxDuration(@Nullable Duration maxDuration) {
			this.maxDuration = maxDuration;
		}

	}

	/**
	 * How the counted client is identified.
	 */
	public static class Key {

		/**
		 * Request header carrying the API key; a key counts as the client only when it is
		 * listed in a plan tier's 'api-keys' or accepted by an ApiKeyVerifier bean, else
		 * the authenticated principal and then the client address are used.
		 */
		private String header = "X-API-Key";

		/**
		 * What an API key that is neither listed nor verified counts for: 'ignore' counts
		 * the request as if it carried none; 'trust' counts every key as its own client,
		 * only safe behind a gateway that rejects unknown keys before they arrive.
		 */
		private UnknownKeys unknownKeys = UnknownKeys.IGNORE;

		/**
		 * Secret client identities are hashed with (HMAC-SHA-256), the same on every
		 * node; without one they are hashed with plain SHA-256, which anyone holding a
		 * Redis dump can reverse for addresses. Changing it starts every client with
		 * fresh buckets.
		 */
		private @Nullable String secret;

		/**
		 * Prefix length an IPv4 client address is counted by: 32 counts each address.
		 */
		private int ipv4PrefixLength = 32;

		/**
		 * Prefix length an IPv6 client address is counted by: 64 counts each /64 network,
		 * the block one host or subscriber is usually given.
		 */
		private int ipv6PrefixLength = 64;

		public UnknownKeys getUnknownKeys() {
			return this.unknownKeys;
		}

		public void setUnknownKeys(UnknownKeys unknownKeys) {
			this.unknownKeys = unknownKeys;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public int getIpv4PrefixLength() {
			return this.ipv4PrefixLength;
		}

		public void setIpv4PrefixLength(int ipv4PrefixLength) {
			this.ipv4PrefixLength = ipv4PrefixLength;
		}

		public int getIpv6PrefixLength() {
			return this.ipv6PrefixLength;
		}

		public void setIpv6PrefixLength(int ipv6PrefixLength) {
			this.ipv6PrefixLength = ipv6PrefixLength;
		}

		/**
		 * Prefix of every Redis key the limiter writes; must not contain braces.
		 */
		private String prefix = "rl:";

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

	/**
	 * What an API key that is neither listed nor verified counts for.
	 */
	public enum UnknownKeys {

		/** Count the request as if it carried no key. */
		IGNORE,

		/** Count every key as its own client. */
		TRUST

	}

	/**
	 * The filter applying tiers by request path: a servlet filter, or a WebFilter on
	 * WebFlux.
	 */
	public static class Filter {

		/**
		 * Whether the path filter is registered; when it is not, startup refuses path
		 * rules, which would never apply.
		 */
		private boolean enabled = true;

		/**
		 * Order of the filter in the servlet filter chain; after Spring Security's by
		 * default, so principals are known.
		 */
		private int order = 0;

		/**
		 * Order of the second filter, which applies the rules marked 'before-security';
		 * before Spring Security's filter chain (-100) by default.
		 */
		private int beforeSecurityOrder = -110;

		public int getBeforeSecurityOrder() {
			return this.beforeSecurityOrder;
		}

		public void setBeforeSecurityOrder(int beforeSecurityOrder) {
			this.beforeSecurityOrder = beforeSecurityOrder;
		}

		/**
		 * Path rules; every matching rule's tier applies to the request.
		 */
		private List<Rule> rules = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		public List<Rule> getRules() {
			return this.rules;
		}

		public void setRules(List<Rule> rules) {
			this.rules = rules;
		}

	}

	/**
	 * One path rule of the filter.
	 */
	public static class Rule {

		/**
		 * Path patterns the rule applies to, such as '/api/**'.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Tier applied to matching requests.
		 */
		private @Nullable String tier;

		/**
		 * Units each matching request costs.
		 */
		private long cost = 1;

		/**
		 * Whether the rule is applied in front of Spring Security's filter chain,
		 * counting each client address, so that requests security answers itself
		 * (form-login posts, failed HTTP Basic or bearer attempts) are limited too.
		 */
		private boolean beforeSecurity;

		public boolean isBeforeSecurity() {
			return this.beforeSecurity;
		}

		public void setBeforeSecurity(boolean beforeSecurity) {
			this.beforeSecurity = beforeSecurity;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public @Nullable String getTier() {
			return this.tier;
		}

		public void setTier(@Nullable String tier) {
			this.tier = tier;
		}

		public long getCost() {
			return this.cost;
		}

		public void setCost(long cost) {
			this.cost = cost;
		}

	}

	/**
	 * Response headers describing the limits.
	 */
	public static class Headers {

		/**
		 * Whether to send RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.
		 */
		private boolean legacyEnabled = true;

		/**
		 * Whether to send the IETF draft-11 RateLimit and RateLimit-Policy fields.
		 */
		private boolean draftEnabled = true;

		/**
		 * Whether allowed responses carry the headers too, not just 429 responses.
		 */
		private boolean onAllowed = true;

		/**
		 * Largest random delay added to Retry-After so denied clients do not retry in
		 * lockstep.
		 */
		private Duration retryAfterJitter = Duration.ZERO;

		public boolean isLegacyEnabled() {
			return this.legacyEnabled;
		}

		public void setLegacyEnabled(boolean legacyEnabled) {
			this.legacyEnabled = legacyEnabled;
		}

		public boolean isDraftEnabled() {
			return this.draftEnabled;
		}

		public void setDraftEnabled(boolean draftEnabled) {
			this.draftEnabled = draftEnabled;
		}

		public boolean isOnAllowed() {
			return this.onAllowed;
		}

		public void setOnAllowed(boolean onAllowed) {
			this.onAllowed = onAllowed;
		}

		public Duration getRetryAfterJitter() {
			return this.retryAfterJitter;
		}

		public void setRetryAfterJitter(Duration retryAfterJitter) {
			this.retryAfterJitter = retryAfterJitter;
		}

	}

	/**
	 * The Redis backend.
	 */
	public static class Redis {

		/**
		 * Longest wait for one decision from a silent Redis before the failure policy
		 * applies.
		 */
		private Duration timeout = Duration.ofMillis(100);

		/**
		 * Longest wait for one decision while Redis keeps answering but this node is too
		 * busy to read its replies within the timeout; Lettuce only, and never below the
		 * timeout.
		 */
		private Duration busyTimeout = Duration.ofSeconds(1);

		/**
		 * Longest the startup warm-up (connect, load the scripts, one decision per tier)
		 * may delay the web server; zero skips it.
		 */
		private Duration warmUpTimeout = Duration.ofSeconds(2);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getBusyTimeout() {
			return this.busyTimeout;
		}

		public void setBusyTimeout(Duration busyTimeout) {
			this.busyTimeout = busyTimeout;
		}

		public Duration getWarmUpTimeout() {
			return this.warmUpTimeout;
		}

		public void setWarmUpTimeout(Duration warmUpTimeout) {
			this.warmUpTimeout = warmUpTimeout;
		}

	}

	/**
	 * The in-process backend.
	 */
	public static class Local {

		/**
		 * Most client keys kept per node, by the local buckets, and by the deny cache and
		 * the leases each; past it, the keys seen least often are evicted.
		 */
		private int maxKeys = 100_000;

		public int getMaxKeys() {
			return this.maxKeys;
		}

		public void setMaxKeys(int maxKeys) {
			this.maxKeys = maxKeys;
		}

	}

	/**
	 * The local fallback used by the 'local' failure policy.
	 */
	public static class Fallback {

		/**
		 * Number of application nodes sharing the load, overriding the count the nodes
		 * keep in Redis with their heartbeats; during a Redis outage each node enforces
		 * 1/n of every limit, rounded up. Unset, a node started while Redis is away
		 * refuses its local tiers until its first heartbeat counts the fleet.
		 */
		private @Nullable Integer expectedNodes;

		/**
		 * Interval between a node's heartbeats in Redis, by which the nodes count the
		 * fleet; a node that misses three is counted out.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(2);

		public @Nullable Integer getExpectedNodes() {
			return this.expectedNodes;
		}

		public void setExpectedNodes(@Nullable Integer expectedNodes) {
			this.expectedNodes = expectedNodes;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

	}

	/**
	 * The circuit breaker around Redis.
	 */
	public static class Breaker {

		/**
		 * Percentage of failed calls in the sliding window that opens the breaker.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Number of most recent calls the failure rate is computed over.
		 */
		private int slidingWindowSize = 10;

		/**
		 * Number of calls needed before the failure rate is evaluated.
		 */
		private int minimumNumberOfCalls = 5;

		/**
		 * Average time the breaker stays open before letting probes through.
		 */
		private Duration waitInOpenState = Duration.ofSeconds(5);

		/**
		 * Random spread of the open-state wait, as a fraction of it (0 to 1), so nodes do
		 * not return to Redis at the same instant.
		 */
		private double waitJitter = 0.5;

		/**
		 * Number of probe calls let through while half-open.
		 */
		private int permittedCallsInHalfOpenState = 3;

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitInOpenState() {
			return this.waitInOpenState;
		}

		public void setWaitInOpenState(Duration waitInOpenState) {
			this.waitInOpenState = waitInOpenState;
		}

		public double getWaitJitter() {
			return this.waitJitter;
		}

		public void setWaitJitter(double waitJitter) {
			this.waitJitter = waitJitter;
		}

		public int getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

	}

	/**
	 * Limits built at runtime by a PlanLimitsResolver or ExchangePlanLimitsResolver bean.
	 */
	public static class Plans {

		/**
		 * Tier that decides a request whose runtime limits are invalid or could not be
		 * looked up; unset, the configured limits of the tier that applies decide it.
		 */
		private @Nullable String fallbackTier;

		/**
		 * Longest wait for a WebFlux application's ExchangeTierResolver or
		 * ExchangePlanLimitsResolver; past it the request is decided as if the resolver
		 * had failed.
		 */
		private Duration timeout = Duration.ofMillis(100);

		public @Nullable String getFallbackTier() {
			return this.fallbackTier;
		}

		public void setFallbackTier(@Nullable String fallbackTier) {
			this.fallbackTier = fallbackTier;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
