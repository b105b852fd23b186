package dev.ratelimit.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script packaged from the project's {@code lua/} directory, with its SHA-1 for
 * {@code EVALSHA}.
 *
 * @param name the file name, such as {@code limits.lua}
 * @param source the script text
 * @param sha1 the hex SHA-1 digest Redis caches the script under
 */
public record LuaScript(String name, String source, String sha1) {

	/** Classpath folder holding the scripts. */
	public static final String LOCATION = "dev/ratelimit/lua/";

	/**
	 * Load a script from the classpath.
	 * @param name the file name
	 * @return the script
	 */
	public static LuaScript load(String name) {
		try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
			if (in == null) {
				throw new IllegalStateException("Lua script " + LOCATION + name + " is missing from the classpath");
			}
			String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new LuaScript(name, source, sha1(source));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String sha1(String source) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
