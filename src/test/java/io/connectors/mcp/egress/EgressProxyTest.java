package io.connectors.mcp.egress;

import io.connectors.mcp.client.McpCallException;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.testsupport.mcp.TesterSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The egress proxy dials only what the guard checked; only loopback is ever dialed here. */
class EgressProxyTest {

    private Vertx vertx;
    private Egress egress;

    private McpToolLister lister(List<String> allow, HostResolver resolver) {
        vertx = Vertx.vertx();
        TesterSettings settings = TesterSettings.defaults().connectTimeout(Duration.ofSeconds(8))
                .totalTimeout(Duration.ofSeconds(10));
        egress = new Egress(vertx, new EgressGuard(allow, resolver), settings);
        egress.start();
        return new McpToolLister(egress, settings);
    }

    @AfterEach
    void stop() {
        if (egress != null) {
            egress.stop();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    private static McpToolLister.Listing list(McpToolLister lister, String url) {
        return lister.list(new McpToolLister.Endpoint(URI.create(url), Map.of(), "the server"))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void listensOnLoopbackOnly() {
        lister(List.of(), new SystemHostResolver());
        assertTrue(egress.proxyAddress().getAddress().isLoopbackAddress());
    }

    @Test
    void loopbackIsRefusedWithoutAllowListAndNothingIsSent() {
        McpToolLister lister = lister(List.of(), new SystemHostResolver());
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            for (String url : List.of(server.url(), server.url().replace("127.0.0.1", "localhost"),
                    server.url().replace("127.0.0.1", "[::ffff:127.0.0.1]"))) {
                McpCallException e = assertThrows(McpCallException.class, () -> list(lister, url));
                assertEquals(McpCallException.Kind.REFUSED, e.kind(), url);
            }
            assertEquals(0, server.requests());
        }
    }

    @Test
    void proxyRefusesBlockedTargetsSentStraightToIt() throws Exception {
        lister(List.of(), new SystemHostResolver());
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            HttpResponse<String> answer = egress.newClient().sendAsync(HttpRequest.newBuilder(URI.create(server.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                    .get();
            assertEquals(403, answer.statusCode());
            assertEquals("refused", answer.headers().firstValue(EgressProxy.MARKER).orElse(null));
            assertEquals(0, server.requests());
        }
    }

    @Test
    void dialsTheCheckedAddressAndKeepsTheHostName() {
        HostResolver resolver = host -> "mcp.test".equals(host)
                ? Uni.createFrom().item(List.of(loopback()))
                : Uni.createFrom().failure(new UnknownHostException(host));
        McpToolLister lister = lister(List.of("127.0.0.1/32"), resolver);
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            McpToolLister.Listing listing = list(lister, "http://mcp.test:" + server.port() + "/mcp");
            assertEquals(2, listing.tools().size());
            assertEquals("mcp.test:" + server.port(), server.seenHeaders().get(0).get("host"));
        }
    }

    @Test
    void answerThatChangesAfterTheCheckIsCheckedAgain() {
        // First lookup (the tester's early check) gives an allowed address, later ones (the proxy's) a blocked one:
        // DNS rebinding. The proxy checks what it dials, so nothing is sent.
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> Uni.createFrom().item(List.of(lookups.getAndIncrement() == 0
                ? loopback() : EgressGuardTest.address("127.0.0.2")));
        McpToolLister lister = lister(List.of("127.0.0.1/32"), rebinding);
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            McpCallException e = assertThrows(McpCallException.class,
                    () -> list(lister, "http://rebind.test:" + server.port() + "/mcp"));
            assertEquals(McpCallException.Kind.REFUSED, e.kind(), e.getMessage());
            assertEquals(0, server.requests());
            assertTrue(lookups.get() >= 2);
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        McpToolLister lister = lister(List.of("127.0.0.0/8"), new SystemHostResolver());
        com.sun.net.httpserver.HttpServer redirecting = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger followed = new AtomicInteger();
        redirecting.createContext("/mcp", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirecting.createContext("/elsewhere", exchange -> {
            followed.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        redirecting.start();
        try {
            McpCallException e = assertThrows(McpCallException.class, () -> list(lister,
                    "http://127.0.0.1:" + redirecting.getAddress().getPort() + "/mcp"));
            assertTrue(e.getMessage().contains("redirect"), e.getMessage());
            assertEquals(0, followed.get());
        } finally {
            redirecting.stop(0);
        }
    }

    private static InetAddress loopback() {
        return EgressGuardTest.address("127.0.0.1");
    }

}
