package io.connectors.mcp.egress;

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
            "::127.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "2001:db8::1"})
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
    @ValueSource(strings = {"http://127.0.0.1/mcp", "http://10.1.2.3:8080/mcp", "https://[::1]/mcp",
            "http://[::ffff:127.0.0.1]/mcp", "http://[fe80::1]/mcp", "http://169.254.169.254/latest/meta-data",
            "http://0.0.0.0:9000/", "http://internal.example/mcp", "http://metadata.example/",
            "http://mixed.example/mcp", "http://mapped.example/", "http://v6private.example/",
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
