package dev.ratelimit.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

/**
 * Turns a client identity of any length or content into a fixed 22-character token (the
 * first 128 bits of an HMAC-SHA-256 under a secret shared by every node, or of a plain
 * SHA-256 without one, in URL-safe Base64) and builds the {@code tier:token} key a client
 * is counted under. Redis keys, logs and metrics only ever see the token: a 10 KB or
 * binary API key costs the same small key as any other, and with a secret a Redis dump
 * cannot be mapped back to addresses by trying all 2^32 of them.
 * <p>
 * The tokens of the {@value #REMEMBERED} identities seen most often (of at most
 * {@value #REMEMBERED_LENGTH} characters) are remembered, so a returning client costs a
 * lookup instead of a hash: W-TinyLFU keeps them under a flood of one-off identities.
 */
public final class ClientKeys {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	static final int REMEMBERED = 10_000;

	static final int REMEMBERED_LENGTH = 256;

	private final boolean keyed;

	private final Cache<String, String> tokens = Caffeine.newBuilder().maximumSize(REMEMBERED).build();

	private final Object prototype;

	private ClientKeys(byte @Nullable [] secret) {
		this.keyed = secret != null;
		try {
			if (secret != null) {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(secret, "HmacSHA256"));
				this.prototype = mac;
			}
			else {
				this.prototype = MessageDigest.getInstance("SHA-256");
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Create keys hashed with HMAC-SHA-256 under a secret.
	 * @param secret the secret, the same on every node
	 * @return the keys
	 * @throws IllegalArgumentException if the secret is empty
	 */
	public static ClientKeys keyed(String secret) {
		if (secret.isEmpty()) {
			throw new IllegalArgumentException("secret must not be empty");
		}
		return new ClientKeys(secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Create keys hashed with plain SHA-256, which anyone can recompute: an address-keyed
	 * token is reversed by trying every address.
	 * @return the keys
	 */
	public static ClientKeys unkeyed() {
		return new ClientKeys(null);
	}

	/**
	 * Return whether identities are hashed under a secret.
	 * @return whether a secret is used
	 */
	public boolean isKeyed() {
		return this.keyed;
	}

	/**
	 * Return the token for an identity.
	 * @param identity the identity, such as {@code ip:192.0.2.1}
	 * @return the 22-character token
	 */
	public String token(String identity) {
		if (identity.length() > REMEMBERED_LENGTH) {
			return hashed(identity);
		}
		return this.tokens.get(identity, this::hashed);
	}

	private String hashed(String identity) {
		byte[] input = identity.getBytes(StandardCharsets.UTF_8);
		return BASE64.encodeToString(Arrays.copyOf(hash(input), 16));
	}

	/**
	 * Hash with a copy of the initialised prototype: a clone costs about half of a
	 * provider lookup and key set-up, and unlike a thread-local it holds no state per
	 * thread, which matters when every request runs on a new virtual thread.
	 */
	private byte[] hash(byte[] input) {
		try {
			if (this.prototype instanceof Mac mac) {
				return ((Mac) mac.clone()).doFinal(input);
			}
			return ((MessageDigest) ((MessageDigest) this.prototype).clone()).digest(input);
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Return the key a client is counted under in a tier.
	 * @param tier the tier's name
	 * @param token the client's token from {@link #token(String)}
	 * @return {@code tier + ":" + token}
	 */
	public String key(String tier, String token) {
		return tier + ":" + token;
	}

}
