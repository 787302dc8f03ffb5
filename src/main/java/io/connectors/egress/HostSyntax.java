package io.connectors.egress;

import io.netty.util.NetUtil;

/**
 * Which host spellings the guard accepts. Resolvers disagree on numeric hosts: {@code inet_aton}, browsers and curl
 * read {@code 0177.0.0.1}, {@code 0x7f.0.0.1}, {@code 127.1} and {@code 2130706433} as 127.0.0.1, the JDK reads
 * {@code 0177.0.0.1} as 177.0.0.1 and Netty refuses it. URLs leave this service (the runtime view), so only spellings
 * every program reads alike pass: a name whose last label is not numeric (the WHATWG URL rule that decides whether a
 * host is taken for IPv4), a dotted quad of four decimal numbers 0 to 255 without leading zeros, or a bracketed IPv6
 * literal without a zone id whose dotted tail, if any, is such a quad. Checked by hand scans (linear, no pattern).
 */
public final class HostSyntax {

    private HostSyntax() {
    }

    /** Whether {@code host} (as {@link java.net.URI#getHost()} gives it, brackets included) is spelled canonically. */
    public static boolean isCanonical(String host) {
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            String inner = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (inner.indexOf('%') >= 0 || inner.indexOf('[') >= 0 || inner.indexOf(']') >= 0
                    || NetUtil.createByteArrayFromIpAddressString(inner) == null) {
                return false;
            }
            int colon = inner.lastIndexOf(':');
            String tail = inner.substring(colon + 1);
            return tail.indexOf('.') < 0 || isDottedQuad(tail);
        }
        String last = lastLabel(host);
        if (!isNumericLabel(last)) {
            return true;
        }
        return isDottedQuad(host);
    }

    /** The last label, ignoring one trailing dot (a fully qualified name). */
    private static String lastLabel(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** All decimal digits, or {@code 0x} followed by hex digits (also none): what makes a host "end in a number". */
    private static boolean isNumericLabel(String label) {
        if (label.isEmpty()) {
            return false;
        }
        if (label.length() >= 2 && label.charAt(0) == '0' && (label.charAt(1) == 'x' || label.charAt(1) == 'X')) {
            for (int i = 2; i < label.length(); i++) {
                if (Character.digit(label.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Exactly four parts, each 0 to 255 in decimal, one to three digits, no leading zero. */
    static boolean isDottedQuad(String text) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '.') {
                String part = text.substring(start, i);
                if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
                    return false;
                }
                int value = 0;
                for (int j = 0; j < part.length(); j++) {
                    char c = part.charAt(j);
                    if (c < '0' || c > '9') {
                        return false;
                    }
                    value = value * 10 + (c - '0');
                }
                if (value > 255) {
                    return false;
                }
                parts++;
                start = i + 1;
            }
        }
        return parts == 4;
    }
}
