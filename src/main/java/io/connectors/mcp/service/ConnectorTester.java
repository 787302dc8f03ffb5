package io.connectors.mcp.service;

import io.connectors.mcp.TesterConfig;
import io.connectors.mcp.api.TestResult;
import io.connectors.mcp.client.McpCallException;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.egress.ByteBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the tools of resolved toolsets, all at once: each toolset is a separate MCP session with its own deadlines,
 * a failure stays with its toolset, and the result aggregates counts and errors. Nothing blocks: the fan-out is a
 * Mutiny join over the SDK's asynchronous calls.
 *
 * <p>Metrics: {@code connectors.tests} (counter, tags {@code outcome} success/failure and {@code reason}, the first
 * failing toolset's kind or {@code none}) and {@code connectors.test.duration} (timer, tag {@code outcome}).
 */
@Singleton
public class ConnectorTester {

    private final McpToolLister lister;
    private final MeterRegistry meters;
    private final TesterConfig config;
    /** Words OAuth connectors' refusals ("sign in again", insufficient scope); null: refusals stay as they are. */
    private final McpBuilder builder;

    public ConnectorTester(McpToolLister lister, MeterRegistry meters, TesterConfig config) {
        this(lister, meters, config, null);
    }

    @Inject
    public ConnectorTester(McpToolLister lister, MeterRegistry meters, TesterConfig config, McpBuilder builder) {
        this.lister = lister;
        this.meters = meters;
        this.config = config;
        this.builder = builder;
    }

    /**
     * Lists every toolset of one request for {@code organizationId}: its sessions count against that organization's
     * share of the pod's concurrency, the servers' bytes against one budget for the whole request, and toolsets past
     * {@code max-toolsets} are reported as not listed.
     */
    public Uni<TestResult> test(String organizationId, List<ResolvedToolset> toolsets) {
        return test(organizationId, toolsets, (toolset, budget) -> lister.list(toolset.endpoint(), organizationId,
                budget));
    }

    /** How one resolved toolset is listed, within the request's byte budget. */
    @FunctionalInterface
    public interface Listing {
        Uni<McpToolLister.Listing> list(ResolvedToolset toolset, ByteBudget requestBudget);
    }

    /**
     * As {@link #test(String, List)}, each toolset listed by {@code listing} (the gateway answers from its cache):
     * the same result, errors and explanations as a test.
     */
    public Uni<TestResult> test(String organizationId, List<ResolvedToolset> toolsets, Listing listing) {
        long start = System.nanoTime();
        if (toolsets.isEmpty()) {
            return Uni.createFrom().item(record(new TestResult(true, null, 0, List.of(), 0), null, start));
        }
        ByteBudget requestBudget = ByteBudget.of(config.maxRequestBytes());
        List<Uni<Outcome>> calls = new ArrayList<>(toolsets.size());
        for (int i = 0; i < toolsets.size(); i++) {
            ResolvedToolset toolset = toolsets.get(i);
            calls.add(i < config.maxToolsets() ? listOne(toolset, requestBudget, listing)
                    : Uni.createFrom().item(failed(toolset, new McpCallException(McpCallException.Kind.TOO_LARGE,
                            "Not listed: one request lists at most " + config.maxToolsets() + " toolsets"))));
        }
        return Uni.join().all(calls).andCollectFailures().map(outcomes -> {
            int toolCount = outcomes.stream().mapToInt(o -> o.result().toolCount()).sum();
            List<Outcome> failed = outcomes.stream().filter(o -> o.failure() != null).toList();
            String error = null;
            if (failed.size() == 1 && outcomes.size() == 1) {
                error = failed.get(0).failure().getMessage();
            } else if (!failed.isEmpty()) {
                error = failed.size() + " of " + outcomes.size() + " toolsets failed; " + failed.get(0).result().name()
                        + ": " + failed.get(0).failure().getMessage();
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            boolean authorizationRequired = failed.stream().anyMatch(o -> o.failure().kind()
                    == McpCallException.Kind.AUTHORIZATION_REQUIRED);
            TestResult result = new TestResult(failed.isEmpty(), error, toolCount,
                    outcomes.stream().map(Outcome::result).toList(), millis, authorizationRequired);
            return record(result, failed.isEmpty() ? null : failed.get(0).failure(), start);
        });
    }

    private record Outcome(TestResult.ToolsetResult result, McpCallException failure) {
    }

    private Uni<Outcome> listOne(ResolvedToolset toolset, ByteBudget requestBudget, Listing lister) {
        if (!toolset.resolved()) {
            return Uni.createFrom().item(failed(toolset, toolset.failure()));
        }
        return lister.list(toolset, requestBudget)
                .map(listing -> new Outcome(new TestResult.ToolsetResult(toolset.name(), toolset.mcpId(),
                        toolset.oauthMcp(), listing.tools().size(),
                        listing.tools().stream()
                                .map(t -> new TestResult.ToolSummary(t.name(), t.description()))
                                .toList(),
                        null), null))
                .onFailure().recoverWithUni(f -> {
                    McpCallException failure = f instanceof McpCallException known ? known
                            : new McpCallException(McpCallException.Kind.PROTOCOL,
                                    "The MCP exchange with " + toolset.display() + " failed");
                    if (builder == null || toolset.signedIn() == null) {
                        return Uni.createFrom().item(failed(toolset, failure));
                    }
                    return builder.explainRefusal(toolset, failure).map(explained -> failed(toolset, explained));
                });
    }

    private static Outcome failed(ResolvedToolset toolset, McpCallException failure) {
        return new Outcome(new TestResult.ToolsetResult(toolset.name(), toolset.mcpId(),
                toolset.oauthMcp(), 0, List.of(), failure.getMessage()),
                failure);
    }

    private TestResult record(TestResult result, McpCallException firstFailure, long start) {
        String outcome = result.success() ? "success" : "failure";
        String reason = firstFailure == null ? "none" : firstFailure.kind().tag();
        Counter.builder("connectors.tests").description("Connector tests and tool listings run")
                .tag("outcome", outcome).tag("reason", reason).register(meters).increment();
        Timer.builder("connectors.test.duration").description("Wall time of connector tests and tool listings")
                .tag("outcome", outcome).register(meters).record(Duration.ofNanos(System.nanoTime() - start));
        return result;
    }
}
