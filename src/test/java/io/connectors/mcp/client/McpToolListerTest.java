package io.connectors.mcp.client;

import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.SystemHostResolver;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.testsupport.mcp.TesterSettings;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SDK client wrapper against real MCP servers on 127.0.0.1, through the egress proxy, without Quarkus. */
class McpToolListerTest {

    private static Vertx vertx;
    private static Egress egress;
    private static McpToolLister lister;
    private static TesterSettings settings;
    private static final List<java.net.InetSocketAddress> dialed = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        settings = TesterSettings.defaults().connectTimeout(Duration.ofSeconds(1)).totalTimeout(Duration.ofSeconds(3));
        EgressGuard guard = new EgressGuard(List.of("127.0.0.0/8", "::1"), new SystemHostResolver());
        egress = new Egress(vertx, guard, settings);
        egress.onDial(dialed::add);
        egress.start();
        lister = new McpToolLister(egress, settings);
        // The first session of a JVM loads the SDK's classes (~2 s here): keep that out of the deadline tests.
        McpToolLister patient = new McpToolLister(egress, TesterSettings.defaults()
                .connectTimeout(Duration.ofSeconds(20)).totalTimeout(Duration.ofSeconds(30)));
        for (TestMcpServer.Builder kind : List.of(TestMcpServer.streamable(), TestMcpServer.sse())) {
            try (TestMcpServer warmUp = kind.start()) {
                patient.list(new McpToolLister.Endpoint(URI.create(warmUp.url()), Map.of(), "warm-up"))
                        .await().atMost(Duration.ofSeconds(30));
            }
        }
    }

    @AfterAll
    static void stop() {
        egress.stop();
        vertx.close();
    }

    private static McpToolLister.Listing list(String url, Map<String, String> headers) {
        return lister.list(new McpToolLister.Endpoint(URI.create(url), headers, "the test server"))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static McpCallException failure(String url) {
        return assertThrows(McpCallException.class, () -> list(url, Map.of()));
    }

    @Test
    void manySessionsOpenedAndClosedAtOnceAllSucceed() throws Exception {
        // Each session opens an event stream (a GET) and cancels it when it closes, often before its answer came.
        // The JDK client, cancelling such an exchange, could close a pooled connection another session was using
        // by then: a few percent of sessions failed ("header parser received no bytes") at this rate.
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            McpToolLister.Endpoint endpoint = new McpToolLister.Endpoint(URI.create(server.url()), Map.of(),
                    "the test server");
            java.util.Queue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicInteger listed = new java.util.concurrent.atomic.AtomicInteger();
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 64; c++) {
                Thread client = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            lister.list(endpoint).await().atMost(Duration.ofSeconds(10));
                            listed.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e.getMessage());
                        }
                    }
                });
                clients.add(client);
                client.start();
            }
            for (Thread client : clients) {
                client.join();
            }
            assertTrue(listed.get() > 100, "sessions listed: " + listed.get());
            assertEquals(List.of(), List.copyOf(failures), "failed of " + (listed.get() + failures.size()));
        }
    }

    @Test
    void listsStreamableServer() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(3).start()) {
            McpToolLister.Listing listing = list(server.url(), Map.of());
            assertEquals(McpToolLister.STREAMABLE_HTTP, listing.transport());
            assertEquals(List.of("tool-1", "tool-2", "tool-3"), listing.tools().stream()
                    .map(McpToolLister.ToolInfo::name).toList());
            assertEquals("Test tool 2", listing.tools().get(1).description());
            assertEquals("connectors", server.clientInfo().path("name").asText());
            assertEquals("1.0.0-test", server.clientInfo().path("version").asText());
        }
    }

    @Test
    void followsPaginationToTheEnd() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(7).pageSize(2).start()) {
            McpToolLister.Listing listing = list(server.url(), Map.of());
            assertEquals(7, listing.tools().size());
            assertEquals("tool-7", listing.tools().get(6).name());
            assertEquals(4, server.toolListCalls());
        }
    }

    @Test
    void fallsBackToLegacySse() {
        try (TestMcpServer server = TestMcpServer.sse().tools(2).start()) {
            McpToolLister.Listing listing = list(server.url(), Map.of());
            assertEquals(McpToolLister.SSE, listing.transport());
            assertEquals(2, listing.tools().size());
        }
    }

    @Test
    void sendsHeaders() {
        try (TestMcpServer server = TestMcpServer.streamable().requireHeader("X-Api-Key", "k-1").start()) {
            assertEquals(3, list(server.url(), Map.of("X-Api-Key", "k-1")).tools().size());
            McpCallException denied = assertThrows(McpCallException.class,
                    () -> list(server.url(), Map.of("X-Api-Key", "wrong")));
            assertEquals(McpCallException.Kind.UNAUTHORIZED, denied.kind());
        }
    }

    @Test
    void reportsUnauthorized() {
        try (TestMcpServer server = TestMcpServer.streamable().unauthorized().start()) {
            McpCallException e = failure(server.url());
            assertEquals(McpCallException.Kind.UNAUTHORIZED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("401"), e.getMessage());
        }
    }

    @Test
    void reportsHtml() {
        try (TestMcpServer server = TestMcpServer.streamable().html().start()) {
            McpCallException e = failure(server.url());
            assertEquals(McpCallException.Kind.NOT_MCP, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("text/html"), e.getMessage());
        }
    }

    @Test
    void handshakeDeadlineFires() {
        try (TestMcpServer server = TestMcpServer.streamable().hang().start()) {
            long start = System.nanoTime();
            McpCallException e = failure(server.url());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(McpCallException.Kind.TIMEOUT, e.kind(), e.getMessage());
            assertTrue(millis >= 900 && millis < 2500, "took " + millis + " ms");
        }
    }

    @Test
    void totalDeadlineFires() {
        try (TestMcpServer server = TestMcpServer.streamable().delay(Duration.ofMillis(3500)).start()) {
            long start = System.nanoTime();
            McpCallException e = failure(server.url());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(McpCallException.Kind.TIMEOUT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("did not finish within 3 s"), e.getMessage());
            assertTrue(millis >= 2900 && millis < 4500, "took " + millis + " ms");
        }
    }

    @Test
    void reportsRefusedConnection() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        McpCallException e = failure("http://127.0.0.1:" + port + "/mcp");
        assertEquals(McpCallException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        assertEquals(GENERIC, e.getMessage());
    }

    /** What a refused, unresolvable, unreachable or unconnectable target reads as (SPEC: the tester maps nothing). */
    private static final String GENERIC = "Cannot connect to the test server: the name does not resolve or the "
            + "address is not reachable from this service";

    @Test
    void refusedAndUnreachableReadTheSame() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        McpCallException refused = failure("http://10.0.0.1/mcp");
        McpCallException unreachable = failure("http://127.0.0.1:" + closedPort + "/mcp");
        // (Other tests' sessions may still be closing, so only these two targets are looked at.)
        assertTrue(dialed.stream().noneMatch(a -> a.getAddress().getHostAddress().equals("10.0.0.1")),
                "a refused literal is never dialed: " + dialed);
        assertTrue(dialed.contains(new java.net.InetSocketAddress("127.0.0.1", closedPort)), dialed.toString());
        assertEquals(McpCallException.Kind.REFUSED, refused.kind());
        assertEquals(McpCallException.Kind.UNREACHABLE, unreachable.kind());
        assertEquals(GENERIC, refused.getMessage());
        assertEquals(refused.getMessage(), unreachable.getMessage());
    }

    @Test
    void connectTimeoutReadsLikeRefused() {
        // The proxy's dial timed out (only a non-loopback address could really do that, so it is recorded here):
        // whatever the JDK made of the proxy's answer, the verdict decides.
        io.connectors.egress.EgressHttpClient http = egress.newClient();
        egress.verdicts().record(http.session(), io.connectors.egress.EgressVerdicts.Verdict.of(
                io.connectors.egress.EgressVerdicts.Kind.CONNECT_TIMEOUT));
        McpCallException e = McpFailures.describe(new java.io.IOException("Proxy answered something"), http,
                "the test server", settings);
        assertEquals(McpCallException.Kind.TIMEOUT, e.kind());
        assertEquals(GENERIC, e.getMessage());
        http.endSession();
    }
}
