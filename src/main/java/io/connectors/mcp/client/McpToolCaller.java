package io.connectors.mcp.client;

import io.connectors.egress.ByteBudget;
import io.connectors.egress.Egress;
import io.connectors.mcp.TesterConfig;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gateway's MCP client of upstream servers: calls one tool, or lists the tools, of one MCP endpoint through the
 * MCP Java SDK, on sessions held open between exchanges ({@link UpstreamSessions}), through egress, with the
 * handshake's connect deadline and a cap on every message, under deadlines and a concurrency share of its own (the
 * gateway's, not the tester's). The upstream's {@code CallToolResult} comes back as the SDK read it; a failure is an
 * {@link McpCallException} with a plain-text message (never a URL or a header).
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
     * @param sessionIdle                    an upstream session unused this long is closed
     * @param sessionMaxAge                  an upstream session this old is closed once its calls end
     * @param maxSessions                    upstream sessions this pod holds open at once
     */
    public record Settings(Duration connectTimeout, Duration callTimeout, int maxResultBytes, int maxConcurrent,
            int maxConcurrentPerOrganization, int maxQueued, Duration sessionIdle, Duration sessionMaxAge,
            int maxSessions) {
    }

    private final McpToolLister listing;
    private final UpstreamSessions sessions;
    private final TesterConfig tester;
    private final Settings settings;
    private final FairPermits permits;

    /**
     * @param toolsChanged told the list key of a toolset whose upstream announced, on a held session, that its tools
     *                     changed
     */
    public McpToolCaller(Egress egress, TesterConfig tester, Settings settings, Consumer<String> toolsChanged) {
        this.tester = tester;
        this.settings = settings;
        CallBounds bounds = new CallBounds(tester, settings);
        this.listing = new McpToolLister(egress, tester);
        this.sessions = new UpstreamSessions(egress, bounds, new UpstreamSessions.Settings(settings.sessionIdle(),
                settings.sessionMaxAge(), settings.maxSessions(), 4L * settings.maxResultBytes(),
                Math.max(settings.maxResultBytes(), tester.maxResponseBytes())),
                new McpToolLister(egress, bounds), toolsChanged);
        this.permits = new FairPermits(settings.maxConcurrent(), settings.maxConcurrentPerOrganization(),
                settings.maxQueued());
    }

    /**
     * Lists the endpoint's tools as the tester does (its message cap, toolset budget inside {@code requestBudget},
     * total deadline and the bounds on names, pages and counts), on the gateway's share and held session.
     */
    public Uni<McpToolLister.Listing> list(McpToolLister.Endpoint endpoint, String organizationId,
            ByteBudget requestBudget, String listKey) {
        Duration total = tester.totalTimeout();
        ByteBudget budget = requestBudget.child(tester.maxToolsetBytes());
        return permits.withPermit(organizationId, () -> sessions.run(endpoint, organizationId, budget,
                        tester.maxResponseBytes(), listKey, (client, scoped) -> listing.listPages(
                                cursor -> scoped.apply(client.listTools(cursor)), endpoint,
                                McpToolLister.STREAMABLE_HTTP)))
                .onFailure(AsyncPermits.BusyException.class).transform(f -> new McpCallException(
                        McpCallException.Kind.BUSY,
                        "The gateway is busy listing tools; try again in a moment"))
                .onFailure().transform(f -> budget.spent() == null ? f : new McpCallException(
                        McpCallException.Kind.TOO_LARGE, endpoint.display() + " sent more than "
                                + budget.spent().limit() + " bytes while listing its tools"))
                .ifNoItem().after(total).failWith(() -> new McpCallException(McpCallException.Kind.TIMEOUT,
                        "Listing the tools of " + endpoint.display() + " did not finish within "
                                + McpToolLister.seconds(total)))
                .onFailure(f -> !(f instanceof McpCallException)).transform(f -> new McpCallException(
                        McpCallException.Kind.PROTOCOL, "The MCP exchange with " + endpoint.display() + " failed"));
    }

    /** Closes idle and old upstream sessions: run periodically. */
    public void closeIdleSessions() {
        sessions.sweep();
    }

    /** Closes the organization's upstream sessions (something they were opened with may have changed). */
    public void dropSessions(String organizationId) {
        sessions.dropOrganization(organizationId);
    }

    /** Closes every upstream session. */
    public void dropAllSessions() {
        sessions.dropAll();
    }

    /** Upstream sessions held open now. */
    public int heldSessions() {
        return sessions.size();
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
            Map<String, Object> arguments, String listKey) {
        Duration total = settings.callTimeout();
        // Every message is capped by egress; the whole exchange (the result, notifications before it) by four.
        ByteBudget budget = ByteBudget.of(4L * settings.maxResultBytes());
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, arguments == null ? Map.of()
                : arguments);
        return permits.withPermit(organizationId, () -> sessions.run(endpoint, organizationId, budget,
                        settings.maxResultBytes(), listKey, (client, scoped) -> scoped.apply(client.callTool(request))))
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
