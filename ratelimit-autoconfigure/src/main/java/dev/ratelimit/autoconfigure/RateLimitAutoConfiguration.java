package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.core.CompositeRateLimitObserver;
import dev.ratelimit.core.ConcurrencyGuard;
import dev.ratelimit.core.ConcurrencyLimit;
import dev.ratelimit.core.ConcurrencyLimiter;
import dev.ratelimit.core.ConcurrencyLimits;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.FleetRegistry;
import dev.ratelimit.core.LocalConcurrencyGuard;
import dev.ratelimit.core.LocalConcurrencyLimiter;
import dev.ratelimit.core.LocalRateLimitGuard;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.NodeId;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.redis.RedisConcurrencyLimiter;
import dev.ratelimit.redis.RedisFleetRegistry;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.resilience.BreakerState;
import dev.ratelimit.resilience.FailSafeConcurrencyGuard;
import dev.ratelimit.resilience.FailSafeRateLimiter;
import dev.ratelimit.resilience.FleetSize;
import dev.ratelimit.resilience.LocalFallback;
import dev.ratelimit.resilience.PartitionBreakers;
import dev.ratelimit.resilience.StateChangeLog;
import dev.ratelimit.resilience.WarmUp;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the rate limiter: the tiers and the limiter of the chosen
 * backend.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "ratelimit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
@Import(ClientIdentityConfiguration.class)
public final class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static TierRegistry rateLimitTierRegistry(RateLimitProperties properties) {
		return TierRegistryFactory.create(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	static ConcurrencyLimits rateLimitConcurrencyLimits(RateLimitProperties properties) {
		return TierRegistryFactory.concurrency(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	PartitionBreakers rateLimitCircuitBreakers(RateLimitProperties properties,
			ObjectProvider<CircuitBreakerRegistry> registries) {
		CircuitBreakerConfig config = CircuitBreakerFactory.config(properties.getCircuitBreaker());
		// the application's registry when it has one, so Resilience4j's own metrics and
		// actuator endpoints see the limiter's breakers
		CircuitBreakerRegistry registry = registries.getIfUnique(() -> CircuitBreakerRegistry.of(config));
		requireNoBreakerNamed(registry, "ratelimit-redis");
		return PartitionBreakers.of(registry, config, "ratelimit-redis");
	}

	/**
	 * Fail startup if the registry already holds one of the limiter's breakers: the
	 * registry would hand out that breaker, running its own configuration instead of
	 * {@code ratelimit.circuit-breaker.*}.
	 */
	private static void requireNoBreakerNamed(CircuitBreakerRegistry registry, String name) {
		for (CircuitBreaker breaker : registry.getAllCircuitBreakers()) {
			if (breaker.getName().equals(name) || breaker.getName().startsWith(name + "@")) {
				throw new IllegalStateException("The application's CircuitBreakerRegistry already holds a circuit "
						+ "breaker named '" + breaker.getName() + "', which would run with its own configuration "
						+ "instead of ratelimit.circuit-breaker.*: remove it from the registry (for example "
						+ "resilience4j.circuitbreaker.instances." + breaker.getName() + ")");
			}
		}
	}

	/**
	 * The breaker of the store's single partition (standalone Redis, Sentinel), or of the
	 * partition that decides the empty key.
	 */
	@Bean
	CircuitBreaker rateLimitCircuitBreaker(PartitionBreakers breakers) {
		return breakers.breaker("");
	}

	@Bean
	@ConditionalOnMissingBean
	BreakerState rateLimitBackendState(PartitionBreakers breakers) {
		return new BreakerState(breakers);
	}

	@Bean
	StateChangeLog rateLimitStateChangeLog(PartitionBreakers breakers) {
		StateChangeLog log = new StateChangeLog(NodeId.current());
		log.watch(breakers);
		return log;
	}

	@Bean
	@ConditionalOnMissingBean
	FleetSize rateLimitFleet(RateLimitProperties properties, ObjectProvider<FleetRegistry> registry) {
		RateLimitProperties.Fallback fallback = properties.getFallback();
		Duration interval = fallback.getHeartbeatInterval();
		ValidProperty.require(!interval.isNegative() && interval.toMillis() >= 1,
				"ratelimit.fallback.heartbeat-interval", interval, "must be at least 1ms");
		return ValidProperty.of("ratelimit.fallback.expected-nodes", String.valueOf(fallback.getExpectedNodes()),
				() -> new FleetSize(registry.getIfAvailable(), fallback.getExpectedNodes(), interval.multipliedBy(3)));
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitHeartbeat rateLimitHeartbeat(FleetSize fleet, RateLimitProperties properties) {
		return new RateLimitHeartbeat(fleet, properties.getFallback().getHeartbeatInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitSettlements rateLimitSettlements() {
		return new RateLimitSettlements();
	}

	@Bean
	@ConditionalOnMissingBean(RateLimitGuard.class)
	FailSafeRateLimiter rateLimitFailSafe(RateLimiter rateLimiter, PartitionBreakers breakers, FleetSize fleet,
			RateLimitSettlements settlements, RateLimitProperties properties,
			ObjectProvider<RateLimitObserver> observers) {
		int maxKeys = properties.getLocal().getMaxKeys();
		DenyCache denials = ValidProperty.of("ratelimit.local.max-keys", maxKeys,
				() -> new DenyCache(MicrosClock.monotonic(), maxKeys));
		TokenLeases leases = new TokenLeases(MicrosClock.monotonic(), maxKeys);
		return new FailSafeRateLimiter(rateLimiter, breakers, new LocalFallback(MicrosClock.system(), maxKeys, fleet),
				new CompositeRateLimitObserver(observers.orderedStream().toList()), denials, leases, settlements);
	}

	/**
	 * Permits of the shared store, guarded as its rate decisions are, the local fallback
	 * keeping this node's share.
	 */
	@Bean
	@ConditionalOnMissingBean(ConcurrencyGuard.class)
	FailSafeConcurrencyGuard rateLimitConcurrencyGuard(ConcurrencyLimiter concurrencyLimiter,
			PartitionBreakers breakers, FleetSize fleet, RateLimitProperties properties,
			ObjectProvider<RateLimitObserver> observers) {
		return new FailSafeConcurrencyGuard(concurrencyLimiter, breakers,
				new LocalConcurrencyLimiter(MicrosClock.monotonic(), properties.getLocal().getMaxKeys()), fleet,
				new CompositeRateLimitObserver(observers.orderedStream().toList()));
	}

	@Bean
	@ConditionalOnMissingBean
	RateLimitPermitRenewal rateLimitPermitRenewal(ConcurrencyGuard guard, ConcurrencyLimits limits) {
		return new RateLimitPermitRenewal(guard,
				limits.all()
					.values()
					.stream()
					.map(ConcurrencyLimit::maxDuration)
					.min(Duration::compareTo)
					.orElse(null));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ratelimit.backend", havingValue = "redis", matchIfMissing = true)
	static class RedisBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ScriptRunner rateLimitScriptRunner(RedisConnectionFactory connectionFactory, RateLimitProperties properties) {
			RateLimitProperties.Redis redis = properties.getRedis();
			ValidProperty.require(!redis.getTimeout().isNegative() && !redis.getTimeout().isZero(),
					"ratelimit.redis.timeout", redis.getTimeout(), "must be positive");
			return new ScriptRunner(connectionFactory, redis.getTimeout(), redis.getBusyTimeout());
		}

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		RedisRateLimiter rateLimiter(ScriptRunner rateLimitScriptRunner, RateLimitProperties properties) {
			String prefix = properties.getKey().getPrefix();
			RedisKeys keys = ValidProperty.of("ratelimit.key.prefix", prefix, () -> new RedisKeys(prefix));
			return new RedisRateLimiter(rateLimitScriptRunner, keys);
		}

		@Bean
		@ConditionalOnMissingBean(ConcurrencyLimiter.class)
		RedisConcurrencyLimiter rateLimitConcurrencyLimiter(ScriptRunner rateLimitScriptRunner,
				RateLimitProperties properties) {
			return new RedisConcurrencyLimiter(rateLimitScriptRunner, new RedisKeys(properties.getKey().getPrefix()));
		}

		@Bean
		@ConditionalOnMissingBean
		RedisFleetRegistry rateLimitFleetRegistry(ScriptRunner rateLimitScriptRunner, RateLimitProperties properties) {
			return new RedisFleetRegistry(rateLimitScriptRunner, properties.getKey().getPrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		RateLimitWarmUpLifecycle rateLimitWarmUp(RateLimiter rateLimiter, BreakerState rateLimitBackendState,
				TierRegistry registry, RateLimitProperties properties) {
			Duration deadline = properties.getRedis().getWarmUpTimeout();
			ValidProperty.require(!deadline.isNegative(), "ratelimit.redis.warm-up-timeout", deadline,
					"must not be negative");
			return new RateLimitWarmUpLifecycle(new WarmUp(rateLimiter, rateLimitBackendState), registry, deadline);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ratelimit.backend", havingValue = "local")
	static class LocalBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		LocalRateLimiter rateLimiter(RateLimitProperties properties) {
			int maxKeys = properties.getLocal().getMaxKeys();
			return ValidProperty.of("ratelimit.local.max-keys", maxKeys,
					() -> new LocalRateLimiter(MicrosClock.system(), maxKeys));
		}

		/**
		 * The local limiter cannot fail: no breaker, deny cache, leases or fallback
		 * around it.
		 */
		@Bean
		@ConditionalOnMissingBean(RateLimitGuard.class)
		@ConditionalOnBean(LocalRateLimiter.class)
		LocalRateLimitGuard rateLimitLocalGuard(LocalRateLimiter rateLimiter) {
			return new LocalRateLimitGuard(rateLimiter);
		}

		/**
		 * The local backend keeps permits in this node's memory, which cannot fail.
		 */
		@Bean
		@ConditionalOnMissingBean(ConcurrencyGuard.class)
		LocalConcurrencyGuard rateLimitLocalConcurrencyGuard(RateLimitProperties properties) {
			return new LocalConcurrencyGuard(
					new LocalConcurrencyLimiter(MicrosClock.monotonic(), properties.getLocal().getMaxKeys()));
		}

	}

}
