package io.connectors.egress;

import io.connectors.mcp.client.McpCallException;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.testsupport.mcp.TesterSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The egress proxy dials only what the guard checked; only loopback is ever dialed here. */
class EgressProxyTest {

    private Vertx vertx;
    private Egress egress;

    /** Every address the proxy dialed, in order. */
    private final List<InetSocketAddress> dialed = new CopyOnWriteArrayList<>();

    private McpToolLister lister(List<String> allow, HostResolver resolver) {
        return lister(allow, resolver, TesterSettings.defaults().connectTimeout(Duration.ofSeconds(8))
                .totalTimeout(Duration.ofSeconds(10)));
    }

    private McpToolLister lister(List<String> allow, HostResolver resolver, TesterSettings settings) {
        vertx = Vertx.vertx();
        egress = new Egress(vertx, new EgressGuard(allow, resolver, settings.connectTimeout()), settings);
        egress.onDial(dialed::add);
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
    void openEventStreamsNeverTakeTheConnectionsRequestsNeed() throws Exception {
        // Held MCP sessions keep an event stream (a GET) open each; were they counted in the per-server pool of
        // plain-http connections, enough of them would leave no connection for any request to that server.
        lister(List.of("127.0.0.0/8"), new SystemHostResolver(), TesterSettings.defaults().maxConcurrent(2));
        try (TestMcpServer server = TestMcpServer.sse().start()) {
            String streamUrl = server.url(); // the legacy transport's /sse: a GET that streams until closed
            List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<java.io.InputStream>>> streams =
                    new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                EgressHttpClient http = egress.newClient(ByteBudget.unlimited());
                streams.add(http.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create(streamUrl))
                        .header("Accept", "text/event-stream").GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (var stream : streams) {
                assertEquals(200, stream.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            }
            EgressHttpClient http = egress.newClient(ByteBudget.unlimited());
            var answer = http.sendAsync(java.net.http.HttpRequest.newBuilder(
                            URI.create(streamUrl.replace("/sse", "/mcp/message?sessionId=unknown")))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            // With ten streams open and a pool of eight (the least it has), the request gets a connection at once.
            assertTrue(answer.get(3, java.util.concurrent.TimeUnit.SECONDS).statusCode() >= 400);
            for (var stream : streams) {
                stream.get().body().close();
            }
        }
    }

    @Test
    void idleClientConnectionsAreLeftForTheClientToClose() throws Exception {
        // The JDK client keeps idle connections pooled far longer than the proxy's idle timeout: were the proxy to
        // close them at its timeout, it would race the client reusing one, and that request would fail at random.
        McpToolLister lister = lister(List.of("127.0.0.0/8"), new SystemHostResolver(), TesterSettings.defaults()
                .connectTimeout(Duration.ofSeconds(8)).totalTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofSeconds(1)));
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            list(lister, server.url());
            Thread.sleep(300);
            int pooled = egress.proxyClientConnections();
            assertTrue(pooled >= 1, "the client keeps its connection to the proxy");
            Thread.sleep(2500);
            assertEquals(pooled, egress.proxyClientConnections(), "idle client connections stay open past 1 s");
            assertEquals(3, list(lister, server.url()).tools().size());
        }
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
            EgressHttpClient client = egress.newClient();
            HttpResponse<String> answer = client.sendAsync(HttpRequest.newBuilder(URI.create(server.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                    .get();
            assertEquals(403, answer.statusCode());
            assertEquals(Optional.of(new EgressVerdicts.Verdict(EgressVerdicts.Kind.REFUSED,
                    EgressRefusedException.Reason.BLOCKED)), client.verdict());
            assertEquals(0, server.requests());
            client.endSession();
            assertEquals(0, egress.verdicts().size(), "an ended session leaves no verdict behind");
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
        // First lookup (the proxy's, for initialize) gives an allowed address, later ones (for the next requests) a
        // blocked one: DNS rebinding. The proxy checks what it dials on every request, so nothing else is sent.
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = host -> Uni.createFrom().item(List.of(lookups.getAndIncrement() == 0
                ? loopback() : EgressGuardTest.address("127.0.0.2")));
        McpToolLister lister = lister(List.of("127.0.0.1/32"), rebinding);
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            McpCallException e = assertThrows(McpCallException.class,
                    () -> list(lister, "http://rebind.test:" + server.port() + "/mcp"));
            assertEquals(McpCallException.Kind.REFUSED, e.kind(), e.getMessage());
            assertEquals("Cannot connect to the server: the name does not resolve or the address is not reachable "
                    + "from this service", e.getMessage());
            assertEquals(1, server.requests(), "only initialize, sent to the address the first lookup answered");
            assertEquals(List.of(new InetSocketAddress(loopback(), server.port())), dialed,
                    "the proxy dialed nothing after the answer changed");
            assertEquals(0, egress.verdicts().size(), "the ended session leaves no verdict behind");
        }
    }

    @Test
    void eachConnectionIsLookedUpOnceByTheProxyAndNeverBeforehand() {
        // How many requests the server had seen at each lookup: 0 for initialize's, 1 for the next request's, ...
        // A check before the session (a second lookup of the same connection) would show as 0, 0, 1, ...
        List<Integer> requestsAtLookup = new CopyOnWriteArrayList<>();
        TestMcpServer[] server = new TestMcpServer[1];
        HostResolver counting = host -> {
            requestsAtLookup.add(server[0].requests());
            return Uni.createFrom().item(List.of(loopback()));
        };
        McpToolLister lister = lister(List.of("127.0.0.1/32"), counting);
        server[0] = TestMcpServer.streamable().tools(2).start();
        try (TestMcpServer running = server[0]) {
            assertEquals(2, list(lister, "http://once.test:" + running.port() + "/mcp").tools().size());
            assertEquals(List.of(0, 1), requestsAtLookup.subList(0, 2));
        }
    }

    @Test
    void sessionIdReachesTheProxyButNeverTheServer() {
        McpToolLister lister = lister(List.of("127.0.0.0/8"), new SystemHostResolver());
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            assertEquals(2, list(lister, server.url()).tools().size());
            assertTrue(server.seenHeaders().size() >= 2, "initialize and tools/list reached the server");
            assertTrue(server.seenHeaders().stream().noneMatch(h -> h.keySet().stream()
                    .anyMatch(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-"))),
                    server.seenHeaders().toString());
        }
    }

    @Test
    void dialsExactlyTheAddressItCheckedForEachRequest() throws Exception {
        // The resolver answers another loopback address on every lookup: 127.0.0.2, 127.0.0.3, 127.0.0.2, ...
        // Only 127.0.0.2 has a server. A proxy that looked the name up again to dial (or dialed the name) would
        // reach another address than the one it checked; a pinned proxy dials, each time, what that lookup answered.
        List<InetAddress> answered = new CopyOnWriteArrayList<>();
        HostResolver alternating = host -> {
            InetAddress next = EgressGuardTest.address(answered.size() % 2 == 0 ? "127.0.0.2" : "127.0.0.3");
            answered.add(next);
            return Uni.createFrom().item(List.of(next));
        };
        lister(List.of("127.0.0.0/8"), alternating);
        AtomicInteger served = new AtomicInteger();
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(EgressGuardTest.address("127.0.0.2"), 0), 0);
        http.createContext("/", exchange -> {
            served.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        int port = http.getAddress().getPort();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://pin.test:" + port + "/mcp")).GET()
                    .build();
            EgressHttpClient firstClient = egress.newClient();
            EgressHttpClient secondClient = egress.newClient();
            HttpResponse<String> first = firstClient.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS);
            HttpResponse<String> second = secondClient.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(204, first.statusCode());
            assertEquals(Optional.empty(), firstClient.verdict());
            assertEquals(502, second.statusCode(), "127.0.0.3 was checked, so 127.0.0.3 was dialed");
            assertEquals(Optional.of(EgressVerdicts.Verdict.of(EgressVerdicts.Kind.UNREACHABLE)),
                    secondClient.verdict());
            assertEquals(1, served.get());
            assertEquals(answered.stream().map(a -> new InetSocketAddress(a, port)).toList(), dialed);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void tunnelsGoToExactlyTheCheckedAddress() throws Exception {
        List<InetAddress> answered = new CopyOnWriteArrayList<>();
        HostResolver alternating = host -> {
            InetAddress next = EgressGuardTest.address(answered.size() % 2 == 0 ? "127.0.0.2" : "127.0.0.3");
            answered.add(next);
            return Uni.createFrom().item(List.of(next));
        };
        lister(List.of("127.0.0.0/8"), alternating);
        try (java.net.ServerSocket tls = new java.net.ServerSocket(0, 10, EgressGuardTest.address("127.0.0.2"))) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!tls.isClosed()) {
                    try (java.net.Socket socket = tls.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            int port = tls.getLocalPort();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://pin.test:" + port + "/mcp")).GET()
                    .build();
            for (int i = 0; i < 2; i++) {
                java.util.concurrent.ExecutionException e = assertThrows(
                        java.util.concurrent.ExecutionException.class, () -> egress.newClient()
                                .sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof java.io.IOException, String.valueOf(e.getCause()));
            }
            // (The JDK may retry a tunnel that closed at once; each try is a new lookup.)
            assertEquals(answered.stream().map(a -> new InetSocketAddress(a, port)).toList(), dialed);
            assertEquals(answered.stream().filter(a -> a.getHostAddress().equals("127.0.0.2")).count(),
                    accepted.get(), "only tunnels checked against 127.0.0.2 reached it: " + answered);
            assertTrue(answered.stream().anyMatch(a -> a.getHostAddress().equals("127.0.0.3")), answered.toString());
        }
    }

    @Test
    void lookupThatHangsFailsTheToolsetWithinTheConnectDeadline() {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver hanging = host -> {
            lookups.incrementAndGet();
            return Uni.createFrom().nothing();
        };
        McpToolLister lister = lister(List.of("127.0.0.0/8"), hanging, TesterSettings.defaults()
                .connectTimeout(Duration.ofMillis(500)).totalTimeout(Duration.ofSeconds(5)));
        long start = System.nanoTime();
        McpCallException e = assertThrows(McpCallException.class, () -> list(lister, "http://slow.test/mcp"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(McpCallException.Kind.REFUSED, e.kind());
        assertEquals("Cannot connect to the server: the name does not resolve or the address is not reachable "
                + "from this service", e.getMessage());
        assertTrue(millis >= 450 && millis < 2000, "took " + millis + " ms");
        assertEquals(1, lookups.get());
        assertEquals(List.of(), dialed);
    }

    @Test
    void requestHeadsAsLargeAsAConnectorMayCarryPassAndLargerOnesAreLabelled() {
        McpToolLister lister = lister(List.of("127.0.0.0/8"), new SystemHostResolver());
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            // connectors.limits: 32 headers of 8192 characters each.
            Map<String, String> large = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= 32; i++) {
                large.put("X-Large-" + i, String.valueOf((char) ('a' + i % 26)).repeat(8192));
            }
            McpToolLister.Listing listing = lister.list(new McpToolLister.Endpoint(URI.create(server.url()), large,
                    "the server")).await().atMost(Duration.ofSeconds(10));
            assertEquals(2, listing.tools().size());
            assertEquals(large.get("X-Large-32"), server.seenHeaders().get(0).get("x-large-32"));

            Map<String, String> tooLarge = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= 140; i++) {
                tooLarge.put("X-Large-" + i, "v".repeat(8192));
            }
            McpCallException e = assertThrows(McpCallException.class, () -> lister.list(new McpToolLister.Endpoint(
                    URI.create(server.url()), tooLarge, "the server")).await().atMost(Duration.ofSeconds(10)));
            assertEquals(McpCallException.Kind.INVALID_HEADER, e.kind(), e.getMessage());
            assertEquals("Cannot send the request to the server: the request headers are too large (at most "
                    + "1 MiB together)", e.getMessage());
            assertTrue(server.seenHeaders().stream().noneMatch(h -> h.containsKey("x-large-140")),
                    "nothing of it reached the server");
        }
    }

    @Test
    void proxyLabelsARequestHeadItCannotTake() throws Exception {
        lister(List.of("127.0.0.0/8"), new SystemHostResolver());
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"));
            for (int i = 1; i <= 140; i++) {
                request.header("X-Large-" + i, "v".repeat(8192));
            }
            EgressHttpClient client = egress.newClient();
            HttpResponse<String> answer = client.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
            assertEquals(431, answer.statusCode());
            assertEquals(Optional.of(EgressVerdicts.Verdict.of(EgressVerdicts.Kind.HEADERS_TOO_LARGE)),
                    client.verdict());
            assertEquals(0, server.requests());
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
