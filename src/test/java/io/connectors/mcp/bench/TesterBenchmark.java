package io.connectors.mcp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.mcp.api.TestResult;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.SystemHostResolver;
import io.connectors.mcp.service.ConnectorTester;
import io.connectors.mcp.service.ResolvedToolset;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.testsupport.mcp.TesterSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Vertx;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tester's benchmark, a program (not a test). Everything it dials is on 127.0.0.1.
 *
 * <ol>
 * <li>Fan-out: 50 connectors whose servers each answer {@code tools/list} after 200 ms, tested at once through the
 * tester (egress proxy included). Prints the wall time, the slowest single call and their ratio. Goal: wall time at
 * most the slowest call + 50 ms.</li>
 * <li>Overhead: one test of a local server through the tester, against a raw SDK {@code initialize} +
 * {@code listTools} + close on the same server, alternated in the same run. Goal: at most 10% more.</li>
 * </ol>
 * Run: {@code bench/fanout.sh}, which starts the servers in a JVM of their own ({@link McpServerFarm}) and passes
 * their URL file as the first argument. Without an argument the servers run inside this JVM (see docs/tester.md).
 * The last line is {@code RESULT {json}} with the medians over the rounds.
 */
public final class TesterBenchmark {

    private static final int SERVERS = 50;
    private static final Duration DELAY = Duration.ofMillis(200);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int SINGLE_RUNS = 60;

    private TesterBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            // Vert.x and HTTP client threads would keep the JVM alive after a failure.
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx();
        TesterSettings settings = TesterSettings.defaults().connectTimeout(Duration.ofSeconds(10))
                .totalTimeout(Duration.ofSeconds(20)).maxConcurrent(64).maxConcurrentPerOrganization(64);
        Egress egress = new Egress(vertx, new EgressGuard(List.of("127.0.0.0/8", "::1"), new SystemHostResolver()),
                settings);
        egress.start();
        McpToolLister lister = new McpToolLister(egress, settings);
        ConnectorTester tester = new ConnectorTester(lister, new SimpleMeterRegistry(), settings);
        List<TestMcpServer> servers = new ArrayList<>();
        try {
            List<String> urls;
            if (args.length > 0) {
                urls = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[0]));
            } else {
                for (int i = 0; i < SERVERS; i++) {
                    servers.add(TestMcpServer.streamable().tools(5).delay(DELAY).start());
                }
                urls = servers.stream().map(TestMcpServer::url).toList();
            }
            fanOut(tester, lister, urls);
            if (args.length == 0) {
                try (TestMcpServer instant = TestMcpServer.streamable().tools(5).start()) {
                    overhead(tester, instant.url(), Duration.ZERO);
                }
            }
            overhead(tester, urls.get(0), DELAY);
        } finally {
            servers.forEach(TestMcpServer::close);
            egress.stop();
            vertx.close();
        }
    }

    private static void fanOut(ConnectorTester tester, McpToolLister lister, List<String> urls) {
        List<ResolvedToolset> toolsets = urls.stream().map(TesterBenchmark::toolset).toList();
        // Warm up: class loading and connection pools.
        tester.test("bench", toolsets).await().indefinitely();
        System.out.printf("Fan-out of %d connectors, each server answering tools/list after %d ms%n", urls.size(),
                DELAY.toMillis());
        List<Long> walls = new ArrayList<>();
        List<Long> slowests = new ArrayList<>();
        int failedRounds = 0;
        int failedSingles = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            // The slowest single call: each toolset listed alone, one after another.
            long slowest = 0;
            for (ResolvedToolset toolset : toolsets.subList(0, 10)) {
                long start = System.nanoTime();
                try {
                    lister.list(toolset.endpoint()).await().indefinitely();
                } catch (RuntimeException e) {
                    // Shown and counted, not fatal (seen on a loaded machine; see docs/operations.md "Fan-out").
                    failedSingles++;
                    System.out.printf("  round %d: a single call failed: %s%n", round, e.getMessage());
                    continue;
                }
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            }
            long rawStart = System.nanoTime();
            reactor.core.publisher.Flux.fromIterable(urls).flatMap(TesterBenchmark::rawList, urls.size())
                    .collectList().block();
            long rawWall = (System.nanoTime() - rawStart) / 1_000_000;
            long start = System.nanoTime();
            TestResult result = tester.test("bench", toolsets).await().indefinitely();
            long wall = (System.nanoTime() - start) / 1_000_000;
            if (!result.success() || result.toolCount() != urls.size() * 5) {
                // Counted and shown, not fatal: on a loaded machine one slow server should not void the run.
                failedRounds++;
                System.out.printf("  round %d: the fan-out failed (%d tools): %s%n", round, result.toolCount(),
                        result.error());
            }
            // The same fan-out with each call timed: the slowest call inside the fan-out.
            long joinStart = System.nanoTime();
            List<Long> each = io.smallrye.mutiny.Uni.join().all(toolsets.stream().map(t -> {
                long[] began = new long[1];
                return io.smallrye.mutiny.Uni.createFrom().deferred(() -> {
                    began[0] = System.nanoTime();
                    return lister.list(t.endpoint());
                }).map(listing -> (System.nanoTime() - began[0]) / 1_000_000);
            }).toList()).andFailFast().await().indefinitely();
            long joinWall = (System.nanoTime() - joinStart) / 1_000_000;
            long slowestInside = each.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("  round %d: tester wall %d ms; slowest call alone %d ms (ratio %.2f, %+d ms); "
                    + "timed fan-out wall %d ms vs its slowest call %d ms (%+d ms); raw SDK fan-out %d ms%n",
                    round, wall, slowest, wall / (double) slowest, wall - slowest, joinWall, slowestInside,
                    joinWall - slowestInside, rawWall);
            walls.add(wall);
            slowests.add(slowest);
        }
        long peakHeap = 0;
        long metaspace = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            } else if (pool.getName().equals("Metaspace")) {
                metaspace = pool.getUsage().getUsed();
            }
        }
        System.gc();
        long liveHeap = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                liveHeap += pool.getUsage().getUsed();
            }
        }
        System.out.printf("Tester memory: heap peak %d MB, live after GC %d MB, metaspace %d MB%n", peakHeap >> 20,
                liveHeap >> 20, metaspace >> 20);
        System.out.printf("RESULT {\"servers\": %d, \"delay_ms\": %d, \"rounds\": %d, \"median_wall_ms\": %d, "
                + "\"median_slowest_ms\": %d, \"failed_rounds\": %d, \"failed_single_calls\": %d}%n", urls.size(),
                DELAY.toMillis(), ROUNDS, median(walls), median(slowests), failedRounds, failedSingles);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void overhead(ConnectorTester tester, String url, Duration delay) {
        ResolvedToolset toolset = toolset(url);
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        long[] ours = new long[SINGLE_RUNS];
        long[] raw = new long[SINGLE_RUNS];
        for (int i = -20; i < SINGLE_RUNS; i++) {
            long start = System.nanoTime();
            TestResult result = tester.test("bench", List.of(toolset)).await().indefinitely();
            long tester1 = System.nanoTime() - start;
            if (!result.success()) {
                throw new IllegalStateException(result.error());
            }
            start = System.nanoTime();
            McpAsyncClient client = McpClient.async(HttpClientStreamableHttpTransport.builder(
                            "http://" + URI.create(url).getAuthority()).endpoint("/mcp").jsonMapper(json).build())
                    .clientInfo(new McpSchema.Implementation("raw", "1")).build();
            client.initialize().block();
            McpSchema.ListToolsResult tools = client.listTools().block();
            client.closeGracefully().subscribe();
            long raw1 = System.nanoTime() - start;
            if (tools == null || tools.tools().size() != 5) {
                throw new IllegalStateException("raw SDK listing failed");
            }
            if (i >= 0) {
                ours[i] = tester1;
                raw[i] = raw1;
            }
        }
        Arrays.sort(ours);
        Arrays.sort(raw);
        double oursMedian = ours[SINGLE_RUNS / 2] / 1e6;
        double rawMedian = raw[SINGLE_RUNS / 2] / 1e6;
        System.out.printf("Single test vs raw SDK initialize+listTools (server delay %d ms), medians of %d:%n",
                delay.toMillis(), SINGLE_RUNS);
        System.out.printf("  tester %.1f ms, raw SDK %.1f ms, overhead %+.1f ms (%+.1f%%)%n", oursMedian, rawMedian,
                oursMedian - rawMedian, 100 * (oursMedian - rawMedian) / rawMedian);
    }

    private static final JacksonMcpJsonMapper RAW_JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    /** The SDK alone, direct (no egress proxy): initialize, list, close. */
    private static reactor.core.publisher.Mono<McpSchema.ListToolsResult> rawList(String url) {
        McpAsyncClient client = McpClient.async(HttpClientStreamableHttpTransport.builder(
                        "http://" + URI.create(url).getAuthority()).endpoint("/mcp").jsonMapper(RAW_JSON).build())
                .clientInfo(new McpSchema.Implementation("raw", "1")).build();
        return client.initialize().then(client.listTools())
                .doFinally(signal -> client.closeGracefully().subscribe());
    }

    private static ResolvedToolset toolset(String url) {
        URI uri = URI.create(url);
        return new ResolvedToolset("bench", UUID.randomUUID(), null, McpToolLister.STREAMABLE_HTTP, uri, Map.of(),
                uri.getAuthority(), null);
    }
}
