package dev.ratelimit.web;

import dev.ratelimit.core.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;

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

	private final CallerIdentities callers;

	/**
	 * Create a resolver.
	 * @param apiKeyHeader the header carrying the API key
	 * @param knownKeys tells which keys count as their own client
	 * @param addresses turns remote addresses into counted networks
	 */
	public DefaultKeyResolver(String apiKeyHeader, ApiKeyVerifier knownKeys, ClientAddresses addresses) {
		this.callers = new CallerIdentities(apiKeyHeader, knownKeys, addresses);
	}

	@Override
	public String resolve(HttpServletRequest request) {
		String key = this.callers.ofApiKey(request.getHeader(this.callers.apiKeyHeader()));
		if (key != null) {
			return key;
		}
		String user = this.callers.ofPrincipal(request.getUserPrincipal());
		return (user != null) ? user : this.callers.ofAddress(request.getRemoteAddr());
	}

}
