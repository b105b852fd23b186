package dev.ratelimit.autoconfigure;

import dev.ratelimit.core.LocalRateLimiter;
import dev.ratelimit.core.MicrosClock;
import dev.ratelimit.core.RateLimiter;
import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.redis.RedisKeys;
import dev.ratelimit.redis.RedisRateLimiter;
import dev.ratelimit.redis.ScriptRunner;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the rate limiter: the tiers and
 * the limiter of the chosen backend.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty(name = "ratelimit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public final class RateLimitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static TierRegistry rateLimitTierRegistry(RateLimitProperties properties) {
		return TierRegistryFactory.create(properties);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ratelimit.backend", havingValue = "redis", matchIfMissing = true)
	static class RedisBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		RedisRateLimiter rateLimiter(RedisConnectionFactory connectionFactory, RateLimitProperties properties) {
			String prefix = properties.getKey().getPrefix();
			if (prefix.contains("{") || prefix.contains("}")) {
				throw new InvalidConfigurationPropertyValueException("ratelimit.key.prefix", prefix,
						"must not contain '{' or '}', which Redis Cluster reads as a hash tag");
			}
			if (properties.getRedis().getTimeout().isNegative() || properties.getRedis().getTimeout().isZero()) {
				throw new InvalidConfigurationPropertyValueException("ratelimit.redis.timeout",
						properties.getRedis().getTimeout(), "must be positive");
			}
			return new RedisRateLimiter(new ScriptRunner(connectionFactory, properties.getRedis().getTimeout()),
					new RedisKeys(prefix));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "ratelimit.backend", havingValue = "local")
	static class LocalBackendConfiguration {

		@Bean
		@ConditionalOnMissingBean(RateLimiter.class)
		LocalRateLimiter rateLimiter(RateLimitProperties properties) {
			if (properties.getLocal().getMaxKeys() < 1) {
				throw new InvalidConfigurationPropertyValueException("ratelimit.local.max-keys",
						properties.getLocal().getMaxKeys(), "must be at least 1");
			}
			return new LocalRateLimiter(MicrosClock.system(), properties.getLocal().getMaxKeys());
		}

	}

}
