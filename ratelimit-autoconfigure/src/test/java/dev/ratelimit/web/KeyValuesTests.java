package dev.ratelimit.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys of {@link RateLimited#key()} values: stable for equal values, distinct for
 * distinct ones, and none for a value that would be new on every call.
 */
class KeyValuesTests {

	@Test
	void equalValuesGiveEqualKeysAndSetsIgnoreOrder() {
		assertThat(KeyValues.toKey(new String[] { "a", "b" })).isEqualTo(KeyValues.toKey(List.of("a", "b")));
		assertThat(KeyValues.toKey(Set.of("x", "y"))).isEqualTo(KeyValues.toKey(Set.of("y", "x")));
		assertThat(KeyValues.toKey(Map.of("k", 1, "j", 2))).isEqualTo(KeyValues.toKey(Map.of("j", 2, "k", 1)));
	}

	@Test
	void noElementCanPassForTwo() {
		assertThat(KeyValues.toKey(List.of("a, b"))).isNotEqualTo(KeyValues.toKey(List.of("a", "b")));
		assertThat(KeyValues.toKey(List.of("a,1:b"))).isNotEqualTo(KeyValues.toKey(List.of("a", "b")));
	}

	@Test
	void valuesWithOnlyAnIdentityStringOrNothingHaveNoKey() {
		assertThat(KeyValues.toKey(new Object())).isNull();
		assertThat(KeyValues.toKey(List.of("a", new Object()))).isNull();
		assertThat(KeyValues.toKey("")).isNull();
		assertThat(KeyValues.toKey(Optional.empty())).isNull();
	}

	@Test
	void recordsNumbersAndEnumsUseTheirOwnStrings() {
		record Login(String user) {
		}
		assertThat(KeyValues.toKey(new Login("alice"))).isEqualTo("Login[user=alice]");
		assertThat(KeyValues.toKey(42L)).isEqualTo("42");
		assertThat(KeyValues.toKey(Thread.State.NEW)).isEqualTo("NEW");
	}

}
