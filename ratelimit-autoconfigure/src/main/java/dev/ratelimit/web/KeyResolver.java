package dev.ratelimit.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides who a request is counted as. The result is hashed before it is used in Redis
 * keys, logs or metrics, so it may hold anything; distinct clients must get distinct
 * values.
 */
@FunctionalInterface
public interface KeyResolver {

	/**
	 * Return the identity of the client making the request.
	 * @param request the request
	 * @return the identity, such as {@code key:abc} or {@code ip:192.0.2.1}
	 */
	String resolve(HttpServletRequest request);

}
