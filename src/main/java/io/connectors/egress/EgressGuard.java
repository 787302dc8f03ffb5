package io.connectors.egress;

import io.netty.util.NetUtil;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides which outbound targets the service may reach (server-side request forgery is this service's main risk).
 * Every outbound MCP call and token refresh passes through it, in {@link EgressProxy}, which dials exactly the
 * address checked here.
 *
 * <p>Refused by default: loopback, private (RFC 1918, 100.64/10, fc00::/7), link-local (169.254/16, fe80::/10, which
 * holds cloud metadata endpoints), unspecified, multicast, broadcast and reserved addresses; IPv6 forms that embed an
 * IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the IPv4 address they carry. A host name is allowed only
 * when every address it resolves to is; a name that does not resolve is refused (fail closed). Hosts and ranges in
 * {@code connectors.egress.allow} pass regardless. Numeric hosts other programs read differently ({@code 0177.0.0.1},
 * {@code 127.1}, {@code 2130706433}, zone ids) are refused as invalid before any lookup ({@link HostSyntax}).
 */
@Singleton
public class EgressGuard {

    private static final List<CidrRange> BLOCKED_V4 = ranges(
            "0.0.0.0/8", // "this network", unspecified
            "10.0.0.0/8", // RFC 1918
            "100.64.0.0/10", // carrier-grade NAT (also some cloud metadata, e.g. 100.100.100.200)
            "127.0.0.0/8", // loopback
            "169.254.0.0/16", // link-local, cloud metadata (169.254.169.254)
            "172.16.0.0/12", // RFC 1918
            "192.0.0.0/24", // IETF protocol assignments
            "192.0.2.0/24", // documentation
            "192.88.99.0/24", // 6to4 relay anycast
            "192.168.0.0/16", // RFC 1918
            "198.18.0.0/15", // benchmarking
            "198.51.100.0/24", // documentation
            "203.0.113.0/24", // documentation
            "224.0.0.0/4", // multicast
            "240.0.0.0/4"); // reserved and broadcast

    private static final List<CidrRange> BLOCKED_V6 = ranges(
            "::/128", // unspecified
            "::1/128", // loopback
            "64:ff9b:1::/48", // local-use NAT64 (RFC 8215): the IPv4 address's position depends on the prefix length
            "100::/64", // discard-only
            "2001::/32", // Teredo: tunnels to an IPv4 address we can't judge
            "2001:db8::/32", // documentation
            "fc00::/7", // unique local (includes fd00:ec2::254, a cloud metadata address)
            "fe80::/10", // link-local
            "fec0::/10", // site-local (deprecated)
            "ff00::/8"); // multicast

    private static final CidrRange V4_MAPPED = CidrRange.of("::ffff:0:0/96");
    private static final CidrRange V4_TRANSLATED = CidrRange.of("::ffff:0:0:0/96");
    private static final CidrRange V4_COMPATIBLE = CidrRange.of("::/96");
    private static final CidrRange NAT64 = CidrRange.of("64:ff9b::/96");
    private static final CidrRange SIX_TO_FOUR = CidrRange.of("2002::/16");

    private final List<CidrRange> allowedRanges = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private final HostResolver resolver;
    private final Duration lookupTimeout;

    @Inject
    public EgressGuard(EgressConfig config, HostResolver resolver) {
        this(config.allow().orElse(List.of()), resolver, config.connectTimeout());
    }

    /** For tests: an explicit allow list and resolver, lookups bounded by 5 s. */
    public EgressGuard(List<String> allow, HostResolver resolver) {
        this(allow, resolver, Duration.ofSeconds(5));
    }

    /** For tests: an explicit allow list, resolver and lookup deadline. */
    public EgressGuard(List<String> allow, HostResolver resolver, Duration lookupTimeout) {
        this.resolver = resolver;
        this.lookupTimeout = lookupTimeout;
        for (String entry : allow) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            Optional<CidrRange> range = CidrRange.parse(trimmed);
            if (range.isPresent()) {
                allowedRanges.add(range.get());
            } else {
                allowedHosts.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Checks a URL the service is about to call: {@link OutboundUrl}'s rules (absolute {@code http}/{@code https}, a
     * host, a valid port, no user info), then every address of the host allowed. Emits the host, port and the checked addresses; fails with
     * {@link EgressRefusedException}.
     */
    public Uni<CheckedTarget> check(URI url) {
        Optional<OutboundUrl.Problem> problem = OutboundUrl.problem(url);
        if (problem.isPresent()) {
            return Uni.createFrom().failure(new EgressRefusedException(problem.get()));
        }
        String host = url.getHost();
        int port = OutboundUrl.port(url);
        return resolveAllowed(host).map(addresses -> new CheckedTarget(unbracket(host), port, addresses));
    }

    /**
     * The checks of {@link #check(URI)} that need no lookup ({@link OutboundUrl}'s rules, the host's syntax): what a
     * caller runs before it sends a request through the proxy, which then does the one lookup of the connection.
     */
    public static Optional<EgressRefusedException> shapeProblem(URI url) {
        Optional<OutboundUrl.Problem> problem = OutboundUrl.problem(url);
        if (problem.isPresent()) {
            return Optional.of(new EgressRefusedException(problem.get()));
        }
        String host = url.getHost();
        if (!HostSyntax.isCanonical(host)) {
            return Optional.of(new EgressRefusedException(EgressRefusedException.Reason.INVALID_HOST, host));
        }
        if (unbracket(host).isEmpty()) {
            return Optional.of(new EgressRefusedException(EgressRefusedException.Reason.INVALID_URL, "the server"));
        }
        return Optional.empty();
    }

    /** Resolves {@code host} (a name or an address literal) and emits its addresses if every one is allowed. */
    public Uni<List<InetAddress>> resolveAllowed(String host) {
        if (!HostSyntax.isCanonical(host)) {
            return Uni.createFrom().failure(new EgressRefusedException(EgressRefusedException.Reason.INVALID_HOST,
                    host));
        }
        String name = unbracket(host);
        InetAddress literal = literal(name);
        if (literal != null) {
            return isAllowed(name, literal) ? Uni.createFrom().item(List.of(literal)) : refused(name);
        }
        if (name.isEmpty()) {
            return Uni.createFrom().failure(
                    new EgressRefusedException(EgressRefusedException.Reason.INVALID_URL, "the server"));
        }
        // A lookup that hangs fails as unresolved at the connect deadline (it reads like any refusal).
        return Uni.createFrom().deferred(() -> resolver.resolve(name))
                .ifNoItem().after(lookupTimeout).failWith(() -> new EgressRefusedException(
                        EgressRefusedException.Reason.UNRESOLVED, name))
                .onFailure(f -> !(f instanceof EgressRefusedException))
                .transform(f -> new EgressRefusedException(EgressRefusedException.Reason.UNRESOLVED, name))
                .flatMap(addresses -> {
                    if (addresses == null || addresses.isEmpty()) {
                        return Uni.createFrom().failure(
                                new EgressRefusedException(EgressRefusedException.Reason.UNRESOLVED, name));
                    }
                    for (InetAddress address : addresses) {
                        if (!isAllowed(name, address)) {
                            return refused(name);
                        }
                    }
                    return Uni.createFrom().item(List.copyOf(addresses));
                });
    }

    /** Whether {@code address}, reached under the name {@code host}, may be dialed. */
    public boolean isAllowed(String host, InetAddress address) {
        if (isAllowedHost(host)) {
            return true;
        }
        byte[] embedded = embeddedIpv4(address.getAddress());
        for (CidrRange range : allowedRanges) {
            if (range.contains(address) || (embedded != null && range.contains(embedded))) {
                return true;
            }
        }
        return !isBlocked(address);
    }

    /** Whether {@code address} is in a range the guard refuses unless allowed by config. */
    public static boolean isBlocked(InetAddress address) {
        return isBlocked(address.getAddress());
    }

    static boolean isBlocked(byte[] bytes) {
        if (bytes.length == 4) {
            return BLOCKED_V4.stream().anyMatch(r -> r.contains(bytes));
        }
        byte[] ipv4 = embeddedIpv4(bytes);
        if (ipv4 != null) {
            return isBlocked(ipv4);
        }
        return BLOCKED_V6.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or {@code null}. */
    static byte[] embeddedIpv4(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        // ::/96 includes :: and ::1, which become 0.0.0.0 and 0.0.0.1 (both in 0/8, so still refused); an address
        // allowed by config as IPv6 (::1) is matched as such before its IPv4 reading is judged.
        if (V4_MAPPED.contains(bytes) || V4_TRANSLATED.contains(bytes) || NAT64.contains(bytes)
                || V4_COMPATIBLE.contains(bytes)) {
            return java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return java.util.Arrays.copyOfRange(bytes, 2, 6);
        }
        return null;
    }

    private boolean isAllowedHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? name.endsWith(allowed.substring(1)) : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private static <T> Uni<T> refused(String host) {
        return Uni.createFrom().failure(new EgressRefusedException(EgressRefusedException.Reason.BLOCKED, host));
    }

    /** Parses an address literal without any lookup; {@code null} for a name. */
    static InetAddress literal(String host) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String unbracket(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host;
    }

    private static List<CidrRange> ranges(String... cidrs) {
        return java.util.Arrays.stream(cidrs).map(CidrRange::of).toList();
    }

    /** A target that passed the guard: dial one of {@code addresses} and nothing else. */
    public record CheckedTarget(String host, int port, List<InetAddress> addresses) {
    }
}
