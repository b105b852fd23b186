package dev.ratelimit.autoconfigure;

import java.time.Duration;

import dev.ratelimit.core.CompositeRateLimitObserver;
import dev.ratelimit.core.DenyCache;
import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.NodeId;
import dev.ratelimit.core.RateLimitGuard;
import dev.ratelimit.core.RateLimitObserver;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.core.TokenLeases;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;
import dev.ratelimit.resilience.BreakerState;
import dev.ratelimit.resilience.FailSafeRateLimiter;
import dev.ratelimit.resilience.StateChangeLog;
import dev.ratelimit.resilience.WarmUp;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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
	@ConditionalOnMissingBean(name = "rateLimitCircuitBreaker")
	CircuitBreaker rateLimitCircuitBreaker(RateLimitProperties properties) {
		return CircuitBreakerFactory.create(properties.getCircuitBreaker());
	}

	@Bean
	@ConditionalOnMissingBean
	BreakerState rateLimitBackendState(CircuitBreaker rateLimitCircuitBreaker) {
		return new BreakerState(rateLimitCircuitBreaker);
	}

	@Bean
	StateChangeLog rateLimitStateChangeLog(CircuitBreaker rateLimitCircuitBreaker) {
		StateChangeLog log = new StateChangeLog(NodeId.current());
		log.watch(rateLimitCircuitBreaker);
		return log;
	}

	@Bean
	@ConditionalOnMissingBean(RateLimitGuard.class)
	FailSafeRateLimiter rateLimitFailSafe(RateLimiter rateLimiter, CircuitBreaker rateLimitCircuitBreaker,
			RateLimitProperties properties, ObjectProvider<RateLimitObserver> observers) {
		int nodes = properties.getFallback().getExpectedNodes();
		int maxKeys = properties.getLocal().getMaxKeys();
		DenyCache denials = ValidProperty.of("ratelimit.local.max-keys", maxKeys,
				() -> new DenyCache(MicrosClock.monotonic(), maxKeys));
		TokenLeases leases = new TokenLeases(MicrosClock.monotonic(), maxKeys);
		return ValidProperty.of("ratelimit.fallback.expected-nodes", nodes,
				() -> new FailSafeRateLimiter(rateLimiter, rateLimitCircuitBreaker,
						() -> new LocalRateLimiter(MicrosClock.system(), maxKeys), nodes,
						new CompositeRateLimitObserver(observers.orderedStream().toList()), denials, leases));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ratelimit.backend", havingValue = "redis", matchIfMissing = true)
	static class RedisBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		RedisRateLimiter rateLimiter(ScriptRunner rateLimitScriptRunner, RateLimitProperties properties) {
			String prefix = properties.getKey().getPrefix();
			RedisKeys keys = ValidProperty.of("ratelimit.key.prefix", prefix, () -> new RedisKeys(prefix));
			return new RedisRateLimiter(rateLimitScriptRunner, keys);
		}

		@Bean
		@ConditionalOnMissingBean
		ScriptRunner rateLimitScriptRunner(RedisConnectionFactory connectionFactory, RateLimitProperties properties) {
			RateLimitProperties.Redis redis = properties.getRedis();
			if (redis.getTimeout().isNegative() || redis.getTimeout().isZero()) {
				throw new InvalidConfigurationPropertyValueException("ratelimit.redis.timeout", redis.getTimeout(),
						"must be positive");
			}
			return new ScriptRunner(connectionFactory, redis.getTimeout(), redis.getBusyTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		RateLimitWarmUpLifecycle rateLimitWarmUp(RateLimiter rateLimiter, BreakerState rateLimitBackendState,
				TierRegistry registry, RateLimitProperties properties) {
			Duration deadline = properties.getRedis().getWarmUpTimeout();
			if (deadline.isNegative()) {
				throw new InvalidConfigurationPropertyValueException("ratelimit.redis.warm-up-timeout", deadline,
						"must not be negative");
			}
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

	}

}
