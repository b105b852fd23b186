package dev.ratelimit.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Turns a client address in any textual form into the network it is counted as: an IPv4
 * address masked to its prefix (/32, the address itself, by default) or an IPv6 address
 * masked to its prefix (/64 by default, the block a single host is usually given).
 * Compressed and full IPv6 forms, brackets, zone ids and IPv4-mapped addresses
 * ({@code ::ffff:192.0.2.1} counts as {@code 192.0.2.1}) all normalise to one string.
 * Only address literals are parsed, so no text ever causes a DNS lookup; text that is no
 * address is kept as it is.
 */
public final class ClientAddresses {

	private static final int MAX_LITERAL = 64;

	private final int ipv4Prefix;

	private final int ipv6Prefix;

	/**
	 * Create a normaliser.
	 * @param ipv4Prefix prefix length of an IPv4 client, 1 to 32
	 * @param ipv6Prefix prefix length of an IPv6 client, 1 to 128
	 */
	public ClientAddresses(int ipv4Prefix, int ipv6Prefix) {
		if (ipv4Prefix < 1 || ipv4Prefix > 32) {
			throw new IllegalArgumentException("IPv4 prefix length must be 1 to 32, was " + ipv4Prefix);
		}
		if (ipv6Prefix < 1 || ipv6Prefix > 128) {
			throw new IllegalArgumentException("IPv6 prefix length must be 1 to 128, was " + ipv6Prefix);
		}
		this.ipv4Prefix = ipv4Prefix;
		this.ipv6Prefix = ipv6Prefix;
	}

	/**
	 * Return the identity of a client address, such as {@code ip:192.0.2.1} or
	 * {@code ip:2001:db8:0:0:0:0:0:0/64}.
	 * @param address the address as text, such as a request's remote address;
	 * {@code null} where the connector knows none (such as a Unix socket)
	 * @return the identity
	 */
	public String identity(@Nullable String address) {
		// all address-less requests are one client, as before, rather than a failure
		return "ip:" + ((address != null) ? normalise(address) : "unknown");
	}

	/**
	 * Return the network an address is counted as.
	 * @param address the address as text
	 * @return the masked address, with {@code /prefix} unless the prefix is the full
	 * address; the text itself when it is no address literal
	 */
	public String normalise(String address) {
		byte[] bytes = parse(address);
		if (bytes == null) {
			return address;
		}
		int prefix = (bytes.length == 4) ? this.ipv4Prefix : this.ipv6Prefix;
		mask(bytes, prefix);
		String text = format(bytes);
		return (prefix == bytes.length * 8) ? text : text + "/" + prefix;
	}

	private static byte @Nullable [] parse(String address) {
		String text = address.trim();
		if (text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
			text = text.substring(1, text.length() - 1);
		}
		int zone = text.indexOf('%');
		if (zone >= 0) {
			text = text.substring(0, zone);
		}
		if (text.isEmpty() || text.length() > MAX_LITERAL) {
			return null;
		}
		if (text.indexOf(':') < 0) {
			return ipv4(text);
		}
		return isIpv6Literal(text) ? ipv6(text) : null;
	}

	private static byte @Nullable [] ipv4(String text) {
		byte[] bytes = new byte[4];
		int octet = 0;
		int value = -1;
		int digits = 0;
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '.';
			if (c == '.') {
				if (value < 0 || octet == 4) {
					return null;
				}
				bytes[octet++] = (byte) value;
				value = -1;
				digits = 0;
			}
			else if (c >= '0' && c <= '9' && digits < 3) {
				value = ((value < 0) ? 0 : value * 10) + (c - '0');
				digits++;
				if (value > 255) {
					return null;
				}
			}
			else {
				return null;
			}
		}
		return (octet == 4) ? bytes : null;
	}

	/**
	 * Whether the text can only be read as an IPv6 literal: hex digits, colons and the
	 * dots of an embedded IPv4 address, starting with a hex digit or a colon. The JDK
	 * parses such text itself and never resolves it.
	 */
	private static boolean isIpv6Literal(String text) {
		char first = text.charAt(0);
		if (Character.digit(first, 16) < 0 && first != ':') {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return false;
			}
		}
		return true;
	}

	private static byte @Nullable [] ipv6(String text) {
		try {
			InetAddress parsed = InetAddress.getByName(text);
			if (parsed instanceof Inet4Address || parsed instanceof Inet6Address) {
				return parsed.getAddress();
			}
			return null;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static void mask(byte[] bytes, int prefix) {
		for (int i = 0; i < bytes.length; i++) {
			int kept = Math.max(0, Math.min(8, prefix - i * 8));
			bytes[i] &= (byte) (0xff << (8 - kept));
		}
	}

	private static String format(byte[] bytes) {
		if (bytes.length == 4) {
			return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
		}
		StringBuilder text = new StringBuilder(39);
		for (int i = 0; i < 16; i += 2) {
			if (i > 0) {
				text.append(':');
			}
			text.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
		}
		return text.toString().toLowerCase(Locale.ROOT);
	}

}
