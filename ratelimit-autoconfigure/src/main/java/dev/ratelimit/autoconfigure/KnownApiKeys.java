package dev.ratelimit.autoconfigure;

import java.util.List;

import dev.ratelimit.core.TierRegistry;
import dev.ratelimit.web.ApiKeyVerifier;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Tells which API keys count as their own client, for every web stack: all of them with
 * {@code ratelimit.key.unknown-keys=trust}, else those listed in a plan's
 * {@code api-keys} or accepted by one of the application's {@link ApiKeyVerifier}s.
 */
final class KnownApiKeys {

	private KnownApiKeys() {
	}

	static ApiKeyVerifier of(RateLimitProperties properties, TierRegistry registry,
			ObjectProvider<ApiKeyVerifier> verifiers) {
		boolean trust = properties.getKey().getUnknownKeys() == RateLimitProperties.UnknownKeys.TRUST;
		List<ApiKeyVerifier> applied = verifiers.orderedStream().toList();
		return (apiKey) -> trust || registry.isListed(apiKey)
				|| applied.stream().anyMatch((verifier) -> verifier.isKnown(apiKey));
	}

}
