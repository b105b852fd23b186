package dev.ratelimit.web;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.core.ClientAddresses;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The default identity rule both stacks count a caller by, read from plain values: a
 * known API key, else an authenticated principal's name, else the client address masked
 * to its network (see {@link ClientAddresses}). An unknown key is ignored, so inventing
 * keys earns no fresh buckets. A verifier that fails, such as while its database is away,
 * fails no request: the key counts as unknown until it answers again, and the failure is
 * logged once per episode.
 */
public final class CallerIdentities {

	private static final @Nullable Class<?> ANONYMOUS = anonymousAuthentication();

	private static final Logger logger = LoggerFactory.getLogger(CallerIdentities.class);

	private final AtomicBoolean verifierFailed = new AtomicBoolean();

	private final String apiKeyHeader;

	private final ApiKeyVerifier knownKeys;

	private final ClientAddresses addresses;

	/**
	 * Create the rule.
	 * @param apiKeyHeader the header carrying the API key
	 * @param knownKeys tells which keys count as their own client
	 * @param addresses turns remote addresses into counted networks
	 */
	public CallerIdentities(String apiKeyHeader, ApiKeyVerifier knownKeys, ClientAddresses addresses) {
		this.apiKeyHeader = apiKeyHeader;
		this.knownKeys = knownKeys;
		this.addresses = addresses;
	}

	/**
	 * Return the name of the header carrying the API key.
	 * @return the header name
	 */
	public String apiKeyHeader() {
		return this.apiKeyHeader;
	}

	/**
	 * Return the identity of an API key if it is known.
	 * @param apiKey the header's value, or {@code null} if absent
	 * @return {@code key:<apiKey>}, or {@code null} for no key or an unknown one
	 */
	public @Nullable String ofApiKey(@Nullable String apiKey) {
		return (StringUtils.hasText(apiKey) && isKnown(apiKey)) ? "key:" + apiKey : null;
	}

	/**
	 * Return the identity of an authenticated principal.
	 * @param principal the principal, or {@code null} if none
	 * @return {@code user:<name>}, or {@code null} for no principal, an empty name or an
	 * anonymous authentication
	 */
	public @Nullable String ofPrincipal(@Nullable Principal principal) {
		if (principal == null || !StringUtils.hasText(principal.getName()) || isAnonymous(principal)) {
			return null;
		}
		return "user:" + principal.getName();
	}

	/**
	 * Whether a principal is Spring Security's stand-in for an unauthenticated caller,
	 * which WebFlux hands out as the exchange's principal when anonymous authentication
	 * is on: one name for every anonymous caller, so never a client of its own.
	 */
	private static boolean isAnonymous(Principal principal) {
		return ANONYMOUS != null && ANONYMOUS.isInstance(principal);
	}

	/**
	 * Return the identity of a client address, masked to its network.
	 * @param address the remote address, or {@code null} if unknown
	 * @return the address identity
	 */
	public String ofAddress(@Nullable String address) {
		return this.addresses.identity(address);
	}

	private boolean isKnown(String apiKey) {
		try {
			boolean known = this.knownKeys.isKnown(apiKey);
			// read first: a write on every keyed request would contend across cores
			if (this.verifierFailed.get()) {
				this.verifierFailed.set(false);
			}
			return known;
		}
		catch (RuntimeException ex) {
			if (this.verifierFailed.compareAndSet(false, true)) {
				logger.warn("ApiKeyVerifier failed (" + ex.getClass().getName()
						+ "); counting API keys as unknown until it answers again");
			}
			return false;
		}
	}

	private static @Nullable Class<?> anonymousAuthentication() {
		String name = "org.springframework.security.authentication.AnonymousAuthenticationToken";
		ClassLoader loader = CallerIdentities.class.getClassLoader();
		return ClassUtils.isPresent(name, loader) ? ClassUtils.resolveClassName(name, loader) : null;
	}

}
