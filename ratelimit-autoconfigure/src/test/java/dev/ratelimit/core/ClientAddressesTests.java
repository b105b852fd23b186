package dev.ratelimit.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every textual form of one address, and every address of one network, is one client.
 */
class ClientAddressesTests {

	private final ClientAddresses addresses = new ClientAddresses(32, 64);

	@Test
	void aRequestWithoutAnAddressIsOneClientRatherThanAFailure() {
		assertThat(this.addresses.identity(null)).isEqualTo("ip:unknown");
	}

	@Test
	void ipv4IsCountedPerAddress() {
		assertThat(this.addresses.identity("192.0.2.1")).isEqualTo("ip:192.0.2.1");
		assertThat(this.addresses.identity("192.0.2.2")).isEqualTo("ip:192.0.2.2");
	}

	@Test
	void ipv6IsCountedPerSlash64WhateverItsForm() {
		String network = "ip:2001:db8:1:2:0:0:0:0/64";
		assertThat(this.addresses.identity("2001:db8:1:2::1")).isEqualTo(network);
		assertThat(this.addresses.identity("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo(network);
		assertThat(this.addresses.identity("[2001:db8:1:2::abcd]")).isEqualTo(network);
		assertThat(this.addresses.identity("2001:db8:1:3::1")).isNotEqualTo(network);
	}

	@Test
	void loopbackInCompressedAndFullFormIsOneClient() {
		assertThat(this.addresses.normalise("::1")).isEqualTo(this.addresses.normalise("0:0:0:0:0:0:0:1"))
			.isEqualTo(this.addresses.normalise("0000:0000:0000:0000:0000:0000:0000:0001"))
			.isEqualTo("0:0:0:0:0:0:0:0/64");
	}

	@Test
	void zoneIdsAreDropped() {
		assertThat(this.addresses.normalise("fe80::1%eth0")).isEqualTo(this.addresses.normalise("fe80::1"))
			.isEqualTo(this.addresses.normalise("fe80::2%25"));
	}

	@Test
	void ipv4MappedAddressesCountAsTheIpv4Address() {
		assertThat(this.addresses.normalise("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
		assertThat(this.addresses.normalise("0:0:0:0:0:ffff:c000:0201")).isEqualTo("192.0.2.1");
	}

	@Test
	void prefixLengthsAreConfigurable() {
		ClientAddresses wide = new ClientAddresses(24, 56);
		assertThat(wide.normalise("198.51.100.200")).isEqualTo("198.51.100.0/24");
		assertThat(wide.normalise("2001:db8:1:2ff::1")).isEqualTo("2001:db8:1:200:0:0:0:0/56");
		assertThat(new ClientAddresses(32, 128).normalise("2001:db8::1")).isEqualTo("2001:db8:0:0:0:0:0:1");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(0, 64));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddresses(32, 129));
	}

	@Test
	void textThatIsNoAddressLiteralIsKeptAndNeverResolved() {
		// each of these would reach a DNS lookup if handed to InetAddress.getByName as is
		assertThat(this.addresses.normalise("localhost")).isEqualTo("localhost");
		assertThat(this.addresses.normalise("192.0.2.1.example.com")).isEqualTo("192.0.2.1.example.com");
		assertThat(this.addresses.normalise("1.2.3")).isEqualTo("1.2.3");
		assertThat(this.addresses.normalise("256.1.1.1")).isEqualTo("256.1.1.1");
		assertThat(this.addresses.normalise(".:1")).isEqualTo(".:1");
		assertThat(this.addresses.normalise("1:2:3:4:5:6:7:8:9")).isEqualTo("1:2:3:4:5:6:7:8:9");
		assertThat(this.addresses.normalise("")).isEqualTo("");
	}

}
