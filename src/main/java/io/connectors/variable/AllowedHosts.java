package io.connectors.variable;

import io.connectors.egress.HostSyntax;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a secret variable may be sent to: host names, IP literals, or {@code *.example.com} patterns (any
 * subdomain of {@code example.com}, not {@code example.com} itself). Hosts compare ignoring case and a trailing dot;
 * IPv6 literals compare by address, with or without brackets. Every check here is a hand scan: entries and hosts are
 * user input.
 */
public final class AllowedHosts {

    /** Most entries one variable may list. */
    public static final int MAX_ENTRIES = 32;
    /** Longest entry (the longest DNS name). */
    public static final int MAX_ENTRY = 253;

    private AllowedHosts() {
    }

    /** Why {@code entry} is not a valid allowed host, or {@code null} when it is. */
    public static String problem(String entry) {
        if (entry == null || entry.isEmpty()) {
            return "must not be empty";
        }
        if (entry.length() > MAX_ENTRY) {
            return "must be at most " + MAX_ENTRY + " characters";
        }
        String host = normalize(entry);
        if (host.startsWith("*.")) {
            String domain = host.substring(2);
            if (!isDnsName(domain) || domain.indexOf('.') < 0) {
                return "a pattern is *. followed by a domain of at least two labels, e.g. *.example.com";
            }
            return null;
        }
        // The guard's spelling rule, so an allowed host is written the way every resolver reads it.
        if (host.indexOf(':') >= 0) {
            return ipv6(host) != null && HostSyntax.isCanonical("[" + host + "]") ? null
                    : "is not a valid IPv6 address";
        }
        if (!HostSyntax.isCanonical(host)) {
            return "is not a valid IPv4 address (four numbers 0-255, no leading zeros)";
        }
        return isDnsName(host) ? null : "is not a valid host name, IP address or *.domain pattern";
    }

    /** Whether {@code host} (a URL's host after injection) is one of {@code allowed}. */
    public static boolean allows(Collection<String> allowed, String host) {
        if (host == null || allowed == null) {
            return false;
        }
        String candidate = normalize(host);
        String candidateIpv6 = candidate.indexOf(':') >= 0 ? ipv6(candidate) : null;
        for (String entry : allowed) {
            String pattern = normalize(entry);
            if (pattern.startsWith("*.")) {
                String suffix = pattern.substring(1);
                if (candidate.length() > suffix.length() && candidate.endsWith(suffix)) {
                    return true;
                }
            } else if (candidateIpv6 != null) {
                if (pattern.indexOf(':') >= 0 && candidateIpv6.equals(ipv6(pattern))) {
                    return true;
                }
            } else if (pattern.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** The entries as stored: trimmed, lower case, without a trailing dot or IPv6 brackets. */
    public static List<String> normalizeAll(Collection<String> entries) {
        List<String> normalized = new ArrayList<>();
        entries.forEach(e -> normalized.add(normalize(e)));
        return normalized;
    }

    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.length() > 1 && h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** Labels of letters, digits and inner hyphens, 1-63 characters each. */
    private static boolean isDnsName(String host) {
        if (host.isEmpty() || host.length() > MAX_ENTRY) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                int length = i - labelStart;
                if (length < 1 || length > 63 || host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
                continue;
            }
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The canonical text of an IPv6 literal, or {@code null}. The brackets make the JDK parse it, never look it up. */
    private static String ipv6(String literal) {
        if (literal.length() > 45 || literal.indexOf('%') >= 0) {
            return null;
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) {
                return null;
            }
        }
        try {
            return InetAddress.getByName("[" + literal + "]").getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
