package io.connectors.egress;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard's decisions, made without dialing anything: addresses are judged as values, and host names resolve
 * through a map, so a test can point a name at 10.0.0.1 or the metadata address without any traffic.
 */
class EgressGuardTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "public.example", List.of("93.184.216.34"),
            "internal.example", List.of("10.0.0.1"),
            "metadata.example", List.of("169.254.169.254"),
            "mixed.example", List.of("93.184.216.34", "192.168.1.10"),
            "mapped.example", List.of("::ffff:10.1.2.3"),
            "translated.example", List.of("::ffff:0:a01:203"),
            "compatible.example", List.of("::203"),
            "nat64local.example", List.of("64:ff9b:1::a00:1"),
            "v6private.example", List.of("fd12:3456::1"),
            "empty.example", List.of());

    private final AtomicInteger lookups = new AtomicInteger();

    private final HostResolver mapResolver = host -> {
        lookups.incrementAndGet();
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            return Uni.createFrom().failure(new UnknownHostException(host));
        }
        return Uni.createFrom().item(addresses.stream().map(EgressGuardTest::address).toList());
    };

    private final EgressGuard strict = new EgressGuard(List.of(), mapResolver);

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
            "192.168.0.1", "100.64.0.1", "100.127.255.255", "100.100.100.200", "169.254.169.254", "169.254.0.1",
            "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.255", "255.255.255.255", "240.0.0.1", "198.18.0.1",
            "192.0.0.192", "::1", "::", "fc00::1", "fd00:ec2::254", "fe80::1", "febf::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.1.1",
            "::127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "2001:db8::1",
            // local-use NAT64 (RFC 8215): where the IPv4 address sits depends on the operator's prefix length
            "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1", "64:ff9b:1:a00:100::",
            // IPv4-translated (::ffff:0:0:0/96, RFC 2765)
            "::ffff:0:7f00:1", "::ffff:0:a00:1", "::ffff:0:a9fe:a9fe",
            // ::/96 (IPv4-compatible) with zero upper bytes: judged by the IPv4 address 0.0.x.y, never as IPv6
            "::203", "::ffff", "::2", "::1:2"})
    void refusesBlockedAddresses(String literal) {
        assertTrue(EgressGuard.isBlocked(address(literal)), literal + " must be blocked");
        assertFalse(strict.isAllowed(literal, address(literal)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:93.184.216.34", "64:ff9b::808:808"})
    void allowsPublicAddresses(String literal) {
        assertFalse(EgressGuard.isBlocked(address(literal)), literal + " must be allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f.0.0.1", "0X7F.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001",
            "017700000001", "127.000.000.001", "010.0.0.1", "01.2.3.4", "1.2.3.04", "127.0.0.1.", "1.2.3.4.5",
            "256.0.0.1", "1.2.3.999", "example.0x10", "mcp.123", "[::ffff:0177.0.0.1]", "[::ffff:127.000.0.1]",
            "[::ffff:7f00:1%25lo]", "[fe80::1%25eth0]", "[not-an-address]", "[::ffff:1.2.3]"})
    void refusesNonCanonicalNumericHostsAsInvalidBeforeAnyLookup(String host) {
        // Other resolvers (inet_aton, browsers, curl) read several of these as 127.0.0.1; the runtime view hands URLs
        // to such programs, so they are refused outright, whatever our own resolver would make of them.
        EgressGuard permissive = new EgressGuard(List.of("127.0.0.0/8", "0.0.0.0/0", "::/0"), mapResolver);
        for (EgressGuard guard : List.of(strict, permissive)) {
            EgressRefusedException e = assertThrows(EgressRefusedException.class,
                    () -> guard.resolveAllowed(host).await().atMost(Duration.ofSeconds(5)), host);
            assertEquals(EgressRefusedException.Reason.INVALID_HOST, e.reason(), host);
            assertEquals("The host is not a valid name or address: write an IPv4 address as four decimal numbers "
                    + "without leading zeros (such as 192.0.2.1)", e.getMessage());
        }
        assertEquals(0, lookups.get(), "nothing may be looked up for " + host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "0.0.0.0", "8.8.8.8", "255.255.255.255", "1.2.3.0", "public.example",
            "[::ffff:93.184.216.34]", "[2606:4700:4700::1111]", "1-2-3-4.example", "a1.example", "0x.example"})
    void canonicalHostsAreNotTakenForNonCanonicalOnes(String host) {
        EgressGuard permissive = new EgressGuard(List.of("0.0.0.0/0", "::/0"), mapResolver);
        try {
            permissive.resolveAllowed(host).await().atMost(Duration.ofSeconds(5));
        } catch (EgressRefusedException e) {
            assertEquals(EgressRefusedException.Reason.UNRESOLVED, e.reason(), host);
        }
    }

    @Test
    void embeddedIpv4FormsAreAllowedByTheirIpv4RangeOrTheirOwn() {
        EgressGuard loopbackAllowed = new EgressGuard(List.of("127.0.0.0/8"), mapResolver);
        assertTrue(loopbackAllowed.isAllowed("::ffff:0:7f00:1", address("::ffff:0:7f00:1")));
        assertFalse(loopbackAllowed.isAllowed("::ffff:0:a00:1", address("::ffff:0:a00:1")));
        assertFalse(loopbackAllowed.isAllowed("64:ff9b:1::7f00:1", address("64:ff9b:1::7f00:1")));
        EgressGuard nat64Allowed = new EgressGuard(List.of("64:ff9b:1::/48"), mapResolver);
        assertTrue(nat64Allowed.isAllowed("64:ff9b:1::a00:1", address("64:ff9b:1::a00:1")));
        assertFalse(nat64Allowed.isAllowed("64:ff9b::a00:1", address("64:ff9b::a00:1")));
        EgressGuard translatedAllowed = new EgressGuard(List.of("::ffff:0:0:0/96"), mapResolver);
        assertTrue(translatedAllowed.isAllowed("::ffff:0:a00:1", address("::ffff:0:a00:1")));
        EgressGuard compatibleAllowed = new EgressGuard(List.of("0.0.0.0/8"), mapResolver);
        assertTrue(compatibleAllowed.isAllowed("::203", address("::203")));
        EgressGuard v6LoopbackAllowed = new EgressGuard(List.of("::1"), mapResolver);
        assertTrue(v6LoopbackAllowed.isAllowed("::1", address("::1")));
        assertFalse(v6LoopbackAllowed.isAllowed("::2", address("::2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/mcp", "http://10.1.2.3:8080/mcp", "https://[::1]/mcp",
            "http://[::ffff:127.0.0.1]/mcp", "http://[fe80::1]/mcp", "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0:9000/", "http://internal.example/mcp", "http://metadata.example/",
            "http://mixed.example/mcp", "http://mapped.example/", "http://v6private.example/",
            "http://translated.example/", "http://compatible.example/", "http://nat64local.example/",
            "http://nowhere.example/mcp", "http://empty.example/mcp"})
    void refusesUrlsThatReachBlockedOrUnknownHosts(String url) {
        EgressRefusedException e = refused(strict, url);
        assertTrue(e.reason() == EgressRefusedException.Reason.BLOCKED
                || e.reason() == EgressRefusedException.Reason.UNRESOLVED, url);
    }

    @Test
    void blockedAndUnresolvableReadTheSame() {
        String blocked = refused(strict, "http://internal.example/mcp").getMessage()
                .replace("internal.example", "HOST");
        String unknown = refused(strict, "http://nowhere.example/mcp").getMessage()
                .replace("nowhere.example", "HOST");
        assertEquals(blocked, unknown);
    }

    @Test
    void acceptsPublicName() {
        EgressGuard.CheckedTarget target = strict.check(URI.create("https://public.example/mcp"))
                .await().atMost(Duration.ofSeconds(5));
        assertEquals("public.example", target.host());
        assertEquals(443, target.port());
        assertEquals(List.of(address("93.184.216.34")), target.addresses());
    }

    @Test
    void literalsAreNotLookedUp() {
        strict.check(URI.create("http://93.184.216.34:8080/mcp")).await().atMost(Duration.ofSeconds(5));
        refused(strict, "http://10.0.0.1/mcp");
        assertEquals(0, lookups.get());
    }

    @Test
    void rejectsUserInfo() {
        assertEquals(EgressRefusedException.Reason.USER_INFO,
                refused(strict, "https://user:pass@public.example/mcp").reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://public.example/mcp", "file:///etc/passwd", "/relative/mcp", "gopher://x/"})
    void rejectsOtherSchemes(String url) {
        assertEquals(EgressRefusedException.Reason.INVALID_URL, refused(strict, url).reason());
    }

    @Test
    void allowListOpensRangesAndHosts() {
        EgressGuard guard = new EgressGuard(List.of("127.0.0.0/8", "::1", "10.0.0.0/24", "internal.example",
                "*.corp.example"), mapResolver);
        assertTrue(guard.isAllowed("127.0.0.1", address("127.0.0.1")));
        assertTrue(guard.isAllowed("::1", address("::1")));
        assertTrue(guard.isAllowed("::ffff:127.0.0.1", address("::ffff:127.0.0.1")));
        assertTrue(guard.isAllowed("10.0.0.7", address("10.0.0.7")));
        assertFalse(guard.isAllowed("10.0.1.7", address("10.0.1.7")));
        assertFalse(guard.isAllowed("169.254.169.254", address("169.254.169.254")));
        assertTrue(guard.isAllowed("mcp.corp.example", address("192.168.1.1")));
        guard.check(URI.create("http://internal.example/mcp")).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void localhostResolvesToLoopbackAndIsRefused() {
        EgressGuard real = new EgressGuard(List.of(), new SystemHostResolver());
        assertEquals(EgressRefusedException.Reason.BLOCKED, refused(real, "http://localhost:8080/mcp").reason());
    }

    @Test
    void cidrParsing() {
        assertTrue(CidrRange.of("10.0.0.0/8").contains(address("10.200.1.1")));
        assertFalse(CidrRange.of("10.0.0.0/8").contains(address("11.0.0.1")));
        assertTrue(CidrRange.of("fe80::/10").contains(address("febf:ffff::1")));
        assertTrue(CidrRange.of("192.168.1.1").contains(address("192.168.1.1")));
        assertFalse(CidrRange.of("192.168.1.1").contains(address("192.168.1.2")));
        assertTrue(CidrRange.parse("mcp.example.com").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> CidrRange.of("10.0.0.0/33"));
    }

    private static EgressRefusedException refused(EgressGuard guard, String url) {
        return assertThrows(EgressRefusedException.class,
                () -> guard.check(URI.create(url)).await().atMost(Duration.ofSeconds(5)), url);
    }

    static InetAddress address(String literal) {
        InetAddress address = EgressGuard.literal(literal);
        if (address == null) {
            throw new IllegalArgumentException(literal);
        }
        return address;
    }
}
