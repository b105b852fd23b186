package dev.ratelimit.web;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.ratelimit.core.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.StringUtils;

/**
 * Counts a request by its API key header when the key is known, else by its authenticated
 * principal, else by the client address masked to its network (see
 * {@link ClientAddresses}). An unknown key is ignored, so inventing keys earns no fresh
 * buckets. Forwarded headers such as {@code X-Forwarded-For} are never read here: they
 * change the remote address only when the server is told to believe them for trusted
 * proxies ({@code server.forward-headers-strategy=native} with Tomcat's
 * {@code server.tomcat.remoteip.*}), so a client cannot forge its way to fresh buckets. A
 * verifier that fails, such as while its database is away, fails no request: the key
 * counts as unknown until it answers again.
 */
public class DefaultKeyResolver implements KeyResolver {

	private static final Logger logger = LoggerFactory.getLogger(DefaultKeyResolver.class);

	private final AtomicBoolean verifierFailed = new AtomicBoolean();

	private final String apiKeyHeader;

	private final ApiKeyVerifier knownKeys;

	private final ClientAddresses addresses;

	/**
	 * Create a resolver.
	 * @param apiKeyHeader the header carrying the API key
	 * @param knownKeys tells which keys count as their own client
	 * @param addresses turns remote addresses into counted networks
	 */
	public DefaultKeyResolver(String apiKeyHeader, ApiKeyVerifier knownKeys, ClientAddresses addresses) {
		this.apiKeyHeader = apiKeyHeader;
		this.knownKeys = knownKeys;
		this.addresses = addresses;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		String apiKey = request.getHeader(this.apiKeyHeader);
		if (StringUtils.hasText(apiKey) && isKnown(apiKey)) {
			return "key:" + apiKey;
		}
		Principal principal = request.getUserPrincipal();
		if (principal != null && StringUtils.hasText(principal.getName())) {
			return "user:" + principal.getName();
		}
		return this.addresses.identity(request.getRemoteAddr());
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

}
