package dev.ratelimit.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Turns a client identity of any length or content into a fixed 22-character token (the
 * first 128 bits of an HMAC-SHA-256 under a secret shared by every node, or of a plain
 * SHA-256 without one, in URL-safe Base64) and builds the {@code tier:token} key a client
 * is counted under. Redis keys, logs and metrics only ever see the token: a 10 KB or
 * binary API key costs the same small key as any other, and with a secret a Redis dump
 * cannot be mapped back to addresses by trying all 2^32 of them.
 */
public final class ClientKeys {

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private final boolean keyed;

	private final ThreadLocal<Hash> hashes;

	private ClientKeys(byte @Nullable [] secret) {
		this.keyed = secret != null;
		Hash prototype = (secret != null) ? new HmacHash(secret) : new DigestHash();
		this.hashes = ThreadLocal.withInitial(prototype::copy);
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
		byte[] digest = this.hashes.get().hash(identity.getBytes(StandardCharsets.UTF_8));
		return BASE64.encodeToString(Arrays.copyOf(digest, 16));
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

	/**
	 * One thread's hash function.
	 */
	private interface Hash {

		byte[] hash(byte[] input);

		Hash copy();

	}

	private static final class DigestHash implements Hash {

		private final MessageDigest digest;

		DigestHash() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public byte[] hash(byte[] input) {
			return this.digest.digest(input);
		}

		@Override
		public Hash copy() {
			return new DigestHash();
		}

	}

	private static final class HmacHash implements Hash {

		private final SecretKeySpec secret;

		private final Mac mac;

		HmacHash(byte[] secret) {
			this.secret = new SecretKeySpec(secret, "HmacSHA256");
			try {
				this.mac = Mac.getInstance("HmacSHA256");
				this.mac.init(this.secret);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public byte[] hash(byte[] input) {
			return this.mac.doFinal(input);
		}

		@Override
		public Hash copy() {
			return new HmacHash(this.secret.getEncoded());
		}

	}

}
