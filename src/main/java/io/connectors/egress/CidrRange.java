package io.connectors.egress;

import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code fe80::/10}; a bare address is /32 or /128).
 * Hand-written rather than a library: parsing is Netty's, what is left is a masked byte compare, fully tested.
 */
public record CidrRange(byte[] network, int prefixLength) {

    public CidrRange {
        network = network.clone();
    }

    /** Parses {@code address[/prefix]}; empty when {@code text} is not an address range (e.g. a host name). */
    public static java.util.Optional<CidrRange> parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return java.util.Optional.empty();
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid prefix length in " + text);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("Prefix length out of range in " + text);
            }
        }
        return java.util.Optional.of(new CidrRange(mask(bytes, prefix), prefix));
    }

    /** Like {@link #parse(String)}, for ranges written in code. */
    public static CidrRange of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("Not a CIDR range: " + text));
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(address, prefixLength), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] masked = address.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefixLength;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrRange range && range.prefixLength == prefixLength
                && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
