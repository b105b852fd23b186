package dev.ratelimit.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tokens are fixed-size, stable, and with a secret unrelated to the plain hash anyone
 * could recompute.
 */
class ClientKeysTests {

	@Test
	void tokensAreTwentyTwoUrlSafeCharactersWhateverTheIdentity() {
		ClientKeys keys = ClientKeys.keyed("secret");
		assertThat(keys.token("ip:192.0.2.1")).hasSize(22).matches("[A-Za-z0-9_-]+");
		assertThat(keys.token("key:" + "x".repeat(10_000))).hasSize(22);
		assertThat(keys.key("free", keys.token("ip:192.0.2.1"))).isEqualTo("free:" + keys.token("ip:192.0.2.1"));
	}

	@Test
	void unkeyedTokensAreTheFirst128BitsOfSha256() {
		// pinned so that buckets written before ClientKeys keep their keys without a
		// secret
		assertThat(ClientKeys.unkeyed().token("ip:192.0.2.1")).isEqualTo("T6eUI-8vx94X7n0m4zc7HQ");
		assertThat(ClientKeys.unkeyed().isKeyed()).isFalse();
	}

	@Test
	void theSameSecretGivesTheSameTokenOnEveryNodeAndAnotherSecretAnother() {
		assertThat(ClientKeys.keyed("a").token("ip:192.0.2.1")).isEqualTo(ClientKeys.keyed("a").token("ip:192.0.2.1"))
			.isNotEqualTo(ClientKeys.keyed("b").token("ip:192.0.2.1"))
			.isNotEqualTo(ClientKeys.unkeyed().token("ip:192.0.2.1"));
		assertThatIllegalArgumentException().isThrownBy(() -> ClientKeys.keyed(""));
	}

	@Test
	void aReturningIdentityGetsTheTokenRememberedForItAndALongOneIsHashedAgain() {
		ClientKeys keys = ClientKeys.keyed("secret");
		String identity = "key:" + "k".repeat(ClientKeys.REMEMBERED_LENGTH - 4);
		assertThat(keys.token(new String(identity))).isSameAs(keys.token(new String(identity)));
		String tooLong = identity + "x";
		assertThat(keys.token(tooLong)).isEqualTo(keys.token(tooLong)).isNotSameAs(keys.token(tooLong));
	}

	@Test
	void concurrentCallersGetTheSameTokens() throws Exception {
		ClientKeys keys = ClientKeys.keyed("secret");
		String expected = keys.token("ip:198.51.100.1");
		Set<String> seen = ConcurrentHashMap.newKeySet();
		Thread[] threads = new Thread[4];
		for (int t = 0; t < threads.length; t++) {
			threads[t] = new Thread(() -> {
				for (int i = 0; i < 10_000; i++) {
					seen.add(keys.token("ip:198.51.100.1"));
				}
			});
			threads[t].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(seen).containsExactly(expected);
	}

}
