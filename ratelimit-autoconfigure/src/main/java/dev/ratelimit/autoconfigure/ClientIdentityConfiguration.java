package dev.ratelimit.autoconfigure;

import dev.ratelimit.core.ClientAddresses;
import dev.ratelimit.core.ClientKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * How clients are named in keys, shared by the request path and the actuator endpoint:
 * the keyed hash of identities and the networks addresses are counted by.
 */
@Configuration(proxyBeanMethods = false)
class ClientIdentityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ClientIdentityConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ClientKeys rateLimitClientKeys(RateLimitProperties properties) {
		String secret = properties.getKey().getSecret();
		if (StringUtils.hasLength(secret)) {
			return ClientKeys.keyed(secret);
		}
		logger.warn("ratelimit.key.secret is not set: client identities are hashed with plain SHA-256, so anyone "
				+ "reading Redis can recover client addresses by trying them all. Set the same secret on every node.");
		return ClientKeys.unkeyed();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientAddresses rateLimitClientAddresses(RateLimitProperties properties) {
		int ipv4 = properties.getKey().getIpv4PrefixLength();
		int ipv6 = properties.getKey().getIpv6PrefixLength();
		// the rule lives in ClientAddresses: the IPv4 length first, with an IPv6 one it
		// takes
		ValidProperty.of("ratelimit.key.ipv4-prefix-length", ipv4, () -> new ClientAddresses(ipv4, 128));
		return ValidProperty.of("ratelimit.key.ipv6-prefix-length", ipv6, () -> new ClientAddresses(ipv4, ipv6));
	}

}
