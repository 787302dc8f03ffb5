package io.connectors.mcp.client;

import io.connectors.mcp.api.TestResult;
import io.connectors.egress.ByteBudget;
import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.SystemHostResolver;
import io.connectors.mcp.service.ConnectorTester;
import io.connectors.mcp.service.ResolvedToolset;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.testsupport.mcp.TesterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bound of the tester, against real MCP servers on 127.0.0.1, with the exact sentence a user reads. */
class TesterLimitsTest {

    private Vertx vertx;
    private Egress egress;
    private McpToolLister lister;
    private TesterSettings settings;

    private McpToolLister lister(TesterSettings tuned) {
        vertx = Vertx.vertx();
        settings = tuned;
        egress = new Egress(vertx, new EgressGuard(List.of("127.0.0.0/8"), new SystemHostResolver()), tuned);
        egress.start();
        lister = new McpToolLister(egress, tuned);
        return lister;
    }

    private static TesterSettings defaults() {
        return TesterSettings.defaults().connectTimeout(Duration.ofSeconds(10)).totalTimeout(Duration.ofSeconds(15));
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

    private static McpToolLister.Endpoint endpoint(TestMcpServer server) {
        return new McpToolLister.Endpoint(URI.create(server.url()), Map.of(), "the test server");
    }

    private McpCallException failure(TestMcpServer server) {
        return assertThrows(McpCallException.class,
                () -> lister.list(endpoint(server)).await().atMost(Duration.ofSeconds(20)));
    }

    @Test
    void pagesBeyondMaxPages() {
        lister(defaults().maxPages(3));
        try (TestMcpServer server = TestMcpServer.streamable().tools(7).pageSize(2).start()) {
            McpCallException e = failure(server);
            assertEquals("the test server lists tools over more than 3 pages", e.getMessage());
            assertEquals(3, server.toolListCalls());
        }
    }

    @Test
    void toolsBeyondMaxTools() {
        lister(defaults().maxTools(4));
        try (TestMcpServer server = TestMcpServer.streamable().tools(5).start()) {
            assertEquals("the test server lists more than 4 tools", failure(server).getMessage());
        }
    }

    @Test
    void responseLargerThanMaxResponseBytes() {
        lister(defaults().maxResponseBytes(2000));
        try (TestMcpServer server = TestMcpServer.streamable().tools(40).start()) {
            assertEquals("A response of the test server is larger than the limit of 2000 bytes",
                    failure(server).getMessage());
        }
    }

    @Test
    void eventLargerThanMaxResponseBytesOnALegacyStream() {
        lister(defaults().maxResponseBytes(2000));
        try (TestMcpServer server = TestMcpServer.sse().tools(40).start()) {
            assertEquals("A response of the test server is larger than the limit of 2000 bytes",
                    failure(server).getMessage());
        }
    }

    @Test
    void theLimitIsPerMessageNotPerStream() {
        // One legacy event stream carries the endpoint, the initialize answer and the tool list: together more than
        // 2000 bytes (a request budget of 2000 is spent), each of them less (a message limit of 2000 lets them pass).
        lister(defaults().maxResponseBytes(2000));
        try (TestMcpServer server = TestMcpServer.sse().tools(22).start()) {
            McpToolLister.Listing listing = lister.list(endpoint(server)).await().atMost(Duration.ofSeconds(20));
            assertEquals(22, listing.tools().size());
        }
        lister(defaults().maxResponseBytes(1 << 20));
        try (TestMcpServer server = TestMcpServer.sse().tools(22).start()) {
            McpCallException e = assertThrows(McpCallException.class, () -> lister.list(endpoint(server), "org-1",
                    ByteBudget.of(2000)).await().atMost(Duration.ofSeconds(20)));
            assertTrue(e.getMessage().startsWith("The servers of this request sent more than 2000 bytes together"),
                    e.getMessage());
        }
    }

    @Test
    void exchangeLargerThanMaxConnectionBytesIsCutByTheProxy() {
        // The proxy's cut is a backstop: once the answer's head is on its way it can only break the exchange off,
        // which reads as a broken answer ...
        lister(defaults().maxConnectionBytes(3000).maxToolsetBytes(1 << 20));
        try (TestMcpServer server = TestMcpServer.streamable().tools(60).start()) {
            McpCallException e = failure(server);
            assertEquals(McpCallException.Kind.NOT_MCP, e.kind());
            assertEquals("Not an MCP endpoint: the test server sent an answer that is not valid MCP JSON-RPC",
                    e.getMessage());
        }
    }

    @Test
    void toolsetBudgetBelowTheConnectionCutSaysWhatHappened() {
        // ... so the toolset budget, lower than the connection cut (as by default: 8 MiB and 16 MiB), fires first.
        lister(defaults().maxConnectionBytes(6000).maxToolsetBytes(3000));
        try (TestMcpServer server = TestMcpServer.streamable().tools(60).start()) {
            assertEquals("the test server sent more than 3000 bytes while listing its tools",
                    failure(server).getMessage());
        }
    }

    @Test
    void toolsetBudgetCountsEveryPageAcrossConnections() {
        // Each page is a new connection (the server closes after every response) and far below the per-connection
        // cut; the toolset's budget still adds them all up.
        lister(defaults().maxToolsetBytes(3000).maxConnectionBytes(2000));
        try (TestMcpServer server = TestMcpServer.streamable().tools(60).pageSize(4).closeConnections().start()) {
            McpCallException e = failure(server);
            assertEquals(McpCallException.Kind.TOO_LARGE, e.kind());
            assertEquals("the test server sent more than 3000 bytes while listing its tools", e.getMessage());
            assertTrue(server.toolListCalls() < 15, server.toolListCalls() + " pages were fetched");
        }
    }

    @Test
    void requestBudgetCountsEveryToolsetOfOneTest() {
        lister(defaults().maxRequestBytes(4000));
        ConnectorTester tester = new ConnectorTester(lister, new SimpleMeterRegistry(), settings);
        try (TestMcpServer server = TestMcpServer.streamable().tools(60).pageSize(4).start()) {
            List<ResolvedToolset> toolsets = List.of(toolset("a", server), toolset("b", server));
            TestResult result = tester.test("org-1", toolsets).await().atMost(Duration.ofSeconds(20));
            assertEquals(false, result.success());
            List<String> errors = result.toolsets().stream().map(TestResult.ToolsetResult::error)
                    .filter(java.util.Objects::nonNull).distinct().toList();
            assertEquals(List.of("The servers of this request sent more than 4000 bytes together; the test server "
                    + "was cut off"), errors);
        }
    }

    @Test
    void fanOutIsBoundedAndTheRestIsReported() {
        lister(defaults().maxToolsets(2));
        ConnectorTester tester = new ConnectorTester(lister, new SimpleMeterRegistry(), settings);
        try (TestMcpServer server = TestMcpServer.streamable().tools(1).start()) {
            TestResult result = tester.test("org-1", List.of(toolset("a", server), toolset("b", server),
                    toolset("c", server))).await().atMost(Duration.ofSeconds(20));
            assertEquals(List.of(1, 1, 0), result.toolsets().stream().map(TestResult.ToolsetResult::toolCount)
                    .toList());
            assertNull(result.toolsets().get(1).error());
            assertEquals("Not listed: one request lists at most 2 toolsets", result.toolsets().get(2).error());
            assertEquals("1 of 3 toolsets failed; c: Not listed: one request lists at most 2 toolsets",
                    result.error());
        }
    }

    @Test
    void fullQueueAnswersBusyAtOnce() throws Exception {
        lister(defaults().maxConcurrent(1).maxQueued(0));
        try (TestMcpServer server = TestMcpServer.streamable().delay(Duration.ofMillis(1500)).start()) {
            CompletableFuture<McpToolLister.Listing> first = lister.list(endpoint(server)).subscribeAsCompletionStage();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // The first session holds the one slot once its server has seen a request.
            while (server.requests() == 0 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            McpCallException busy = failure(server);
            assertTrue((System.nanoTime() - start) / 1_000_000 < 500, "busy answers at once");
            assertEquals(McpCallException.Kind.BUSY, busy.kind());
            assertEquals("The service is testing too many connectors at once; try again in a moment",
                    busy.getMessage());
            assertEquals(3, first.get(10, TimeUnit.SECONDS).tools().size());
        }
    }

    @Test
    void oneOrganizationCannotTakeEverySlot() throws Exception {
        lister(defaults().maxConcurrent(2).maxConcurrentPerOrganization(1));
        try (TestMcpServer server = TestMcpServer.streamable().delay(Duration.ofMillis(1000)).start()) {
            long start = System.nanoTime();
            CompletableFuture<Long> a1 = timed(lister.list(endpoint(server), "org-a", ByteBudget.unlimited()), start);
            CompletableFuture<Long> a2 = timed(lister.list(endpoint(server), "org-a", ByteBudget.unlimited()), start);
            CompletableFuture<Long> b1 = timed(lister.list(endpoint(server), "org-b", ByteBudget.unlimited()), start);
            long a2Millis = a2.get(20, TimeUnit.SECONDS);
            long b1Millis = b1.get(20, TimeUnit.SECONDS);
            a1.get(20, TimeUnit.SECONDS);
            // org-a's second toolset waits for org-a's first; org-b does not wait for org-a at all.
            assertTrue(b1Millis + 500 < a2Millis, "org-b took " + b1Millis + " ms, org-a's second " + a2Millis);
            assertEquals(0, lister.activeOrganizations(), "per-organization state goes away when idle");
        }
    }

    @Test
    void toolNamesAreCappedAndDescriptionsCut() {
        lister(defaults().maxDescriptionLength(10));
        try (TestMcpServer ok = TestMcpServer.streamable().tools(2).firstNameLength(128)
                .description("abcdefghijklmnop").start()) {
            McpToolLister.Listing listing = lister.list(endpoint(ok)).await().atMost(Duration.ofSeconds(20));
            assertEquals(128, listing.tools().get(0).name().length());
            assertEquals("abcdefghi…", listing.tools().get(0).description());
        }
        try (TestMcpServer tooLong = TestMcpServer.streamable().tools(2).firstNameLength(129).pageSize(5)
                .start()) {
            assertEquals("the test server lists a tool whose name is longer than 128 characters",
                    failure(tooLong).getMessage());
        }
    }

    private static CompletableFuture<Long> timed(Uni<McpToolLister.Listing> call, long start) {
        return call.map(listing -> (System.nanoTime() - start) / 1_000_000).subscribeAsCompletionStage();
    }

    private static ResolvedToolset toolset(String name, TestMcpServer server) {
        return new ResolvedToolset(name, null, null, McpToolLister.STREAMABLE_HTTP, URI.create(server.url()), Map.of(),
                "the test server", null);
    }
}
