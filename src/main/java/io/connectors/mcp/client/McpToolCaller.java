package io.connectors.mcp.client;

import io.connectors.egress.ByteBudget;
import io.connectors.egress.Egress;
import io.connectors.mcp.TesterConfig;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Calls one tool of one MCP endpoint through the MCP Java SDK, for the gateway: the same session path as
 * {@link McpToolLister} (egress, Streamable HTTP then legacy SSE, the handshake's connect deadline, a cap on every
 * message), under deadlines and a concurrency share of its own. The upstream's {@code CallToolResult} comes back as
 * the SDK read it; a failure is an {@link McpCallException} with a plain-text message (never a URL or a header).
 */
public class McpToolCaller {

    private static final Logger LOG = Logger.getLogger(McpToolCaller.class);

    /**
     * The caller's bounds.
     *
     * @param connectTimeout                 connection and MCP handshake
     * @param callTimeout                    the whole call, waiting for a slot included
     * @param maxResultBytes                 largest single message (the result) accepted from the upstream
     * @param maxConcurrent                  calls this pod runs at once
     * @param maxConcurrentPerOrganization   of those, calls one organization runs at once
     * @param maxQueued                      calls waiting for a slot before more fail as busy
     */
    public record Settings(Duration connectTimeout, Duration callTimeout, int maxResultBytes, int maxConcurrent,
            int maxConcurrentPerOrganization, int maxQueued) {
    }

    private final McpToolLister sessions;
    private final Settings settings;
    private final FairPermits permits;

    public McpToolCaller(Egress egress, TesterConfig tester, Settings settings) {
        this.settings = settings;
        this.sessions = new McpToolLister(egress, new CallBounds(tester, settings));
        this.permits = new FairPermits(settings.maxConcurrent(), settings.maxConcurrentPerOrganization(),
                settings.maxQueued());
    }

    /** Organizations with a call waiting or running. */
    public int activeOrganizations() {
        return permits.activeKeys();
    }

    /**
     * Calls {@code tool} with {@code arguments} on the endpoint for {@code organizationId}. A tool that answers
     * {@code isError: true} is a result, not a failure; everything else that goes wrong fails with
     * {@link McpCallException} within the call deadline.
     */
    public Uni<McpSchema.CallToolResult> call(McpToolLister.Endpoint endpoint, String organizationId, String tool,
            Map<String, Object> arguments) {
        Duration total = settings.callTimeout();
        // Every message is capped by egress; the whole exchange (handshake, result, closing) by four of them.
        ByteBudget budget = ByteBudget.of(4L * settings.maxResultBytes());
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, arguments == null ? Map.of()
                : arguments);
        return permits.withPermit(organizationId, () -> sessions.withSession(endpoint, budget,
                        client -> McpToolLister.uni(client.callTool(request))))
                .onFailure(AsyncPermits.BusyException.class).transform(f -> new McpCallException(
                        McpCallException.Kind.BUSY,
                        "The gateway is calling too many tools at once; try again in a moment"))
                .onFailure().transform(f -> budget.spent() == null ? f : new McpCallException(
                        McpCallException.Kind.TOO_LARGE, endpoint.display() + " sent more than "
                                + budget.limit() + " bytes for one call"))
                .ifNoItem().after(total).failWith(() -> new McpCallException(McpCallException.Kind.TIMEOUT,
                        "The call of " + tool + " on " + endpoint.display() + " did not finish within "
                                + McpToolLister.seconds(total)))
                .onFailure(f -> !(f instanceof McpCallException)).transform(f -> {
                    LOG.debugf("Unclassified MCP call failure: %s", f.getClass().getName());
                    return new McpCallException(McpCallException.Kind.PROTOCOL,
                            "The MCP exchange with " + endpoint.display() + " failed");
                });
    }

    /** The tester's settings with the caller's deadlines and message cap: the session path reads these. */
    private record CallBounds(TesterConfig tester, Settings settings) implements TesterConfig {

        @Override
        public Duration connectTimeout() {
            return settings.connectTimeout();
        }

        @Override
        public Duration totalTimeout() {
            return settings.callTimeout();
        }

        @Override
        public int maxConcurrent() {
            return settings.maxConcurrent();
        }

        @Override
        public int maxConcurrentPerOrganization() {
            return settings.maxConcurrentPerOrganization();
        }

        @Override
        public int maxQueued() {
            return settings.maxQueued();
        }

        @Override
        public int maxResponseBytes() {
            return settings.maxResultBytes();
        }

        @Override
        public long maxToolsetBytes() {
            return 4L * settings.maxResultBytes();
        }

        @Override
        public long maxRequestBytes() {
            return tester.maxRequestBytes();
        }

        @Override
        public int maxToolsets() {
            return tester.maxToolsets();
        }

        @Override
        public int maxToolNameLength() {
            return tester.maxToolNameLength();
        }

        @Override
        public int maxDescriptionLength() {
            return tester.maxDescriptionLength();
        }

        @Override
        public int maxPages() {
            return tester.maxPages();
        }

        @Override
        public int maxTools() {
            return tester.maxTools();
        }

        @Override
        public String clientName() {
            return tester.clientName();
        }

        @Override
        public String clientVersion() {
            return tester.clientVersion();
        }
    }
}
