package dev.ratelimit.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Turns a client identity of any length or content into a fixed 22-character token
 * (SHA-256, first 128 bits, URL-safe Base64). Redis keys, logs and metrics only ever
 * see the token: a 10 KB or binary API key costs the same small key as any other, and
 * key material never appears in clear.
 */
public final class ClientKeyHasher {

	private ClientKeyHasher() {
	}

	/**
	 * Return the token for an identity.
	 * @param identity the identity from a {@link KeyResolver}
	 * @return the 22-character token
	 */
	public static String hash(String identity) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
