package dev.ratelimit.web;

/**
 * Tells whether an API key is one the application issued, so that it may count as its own
 * client. A key that is neither listed in a plan's {@code api-keys} nor accepted here is
 * ignored for identity: otherwise any caller could invent a fresh key, and so a fresh
 * bucket, for every request. It is called on every request carrying a key that is not
 * listed, so look keys up in a cache, for example: <pre class="code">
 * &#064;Bean
 * ApiKeyVerifier apiKeyVerifier(JdbcClient jdbc) {
 * 	LoadingCache&lt;String, Boolean&gt; known = Caffeine.newBuilder()
 * 		.maximumSize(100_000)
 * 		.expireAfterWrite(Duration.ofMinutes(5))
 * 		.build((keyHash) -&gt; jdbc.sql("select count(*) from api_key where key_hash = ? and revoked = false")
 * 			.param(keyHash)
 * 			.query(Integer.class)
 * 			.single() &gt; 0);
 * 	return (apiKey) -&gt; known.get(sha256Hex(apiKey));
 * }
 * </pre> Caching unknown keys too keeps a flood of invented keys off the database;
 * caching by hash and the cache's size bound the memory they take.
 */
@FunctionalInterface
public interface ApiKeyVerifier {

	/**
	 * Return whether an API key is known.
	 * @param apiKey the key as the client sent it
	 * @return whether it counts as its own client
	 */
	boolean isKnown(String apiKey);

}
