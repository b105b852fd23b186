package dev.ratelimit.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisKeysTests {

	private final RedisKeys keys = new RedisKeys("rl:");

	@Test
	void keysOfOneClientShareOneHashTag() {
		assertThat(this.keys.stateKey("free:abc", "per-minute")).isEqualTo("rl:{free:abc}:per-minute");
	}

	@Test
	void bracesInClientKeysCannotBreakTheHashTag() {
		assertThat(this.keys.stateKey("}x", "a")).isEqualTo("rl:{%7Dx}:a");
		assertThat(this.keys.stateKey("a}b{c", "a")).isEqualTo("rl:{a%7Db%7Bc}:a");
		assertThat(this.keys.stateKey("%7Dx", "a")).isEqualTo("rl:{%257Dx}:a");
	}

	@Test
	void prefixWithBracesIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisKeys("rl{:"))
			.withMessageContaining("must not contain '{' or '}'");
	}

}
