package dev.ratelimit.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.StringUtils;

/**
 * Counts a request by its API key header, else its authenticated principal, else the
 * socket's remote address. Forwarded headers such as {@code X-Forwarded-For} are never
 * read here: they change the remote address only when the application configures
 * Spring's forwarded-header handling ({@code server.forward-headers-strategy}) for a
 * trusted proxy, so a client cannot forge its way to fresh buckets.
 */
public class DefaultKeyResolver implements KeyResolver {

	private final String apiKeyHeader;

	/**
	 * Create a resolver.
	 * @param apiKeyHeader the header carrying the API key
	 */
	public DefaultKeyResolver(String apiKeyHeader) {
		this.apiKeyHeader = apiKeyHeader;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		String apiKey = request.getHeader(this.apiKeyHeader);
		if (StringUtils.hasText(apiKey)) {
			return "key:" + apiKey;
		}
		Principal principal = request.getUserPrincipal();
		if (principal != null && StringUtils.hasText(principal.getName())) {
			return "user:" + principal.getName();
		}
		return "ip:" + request.getRemoteAddr();
	}

}
