package io.connectors.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Bounds of every live MCP call the service makes (the tester, the teammate tools view and token refreshes), under
 * {@code connectors.tester.*}. Each can be set by environment variable ({@code CONNECTORS_TESTER_TOTAL_TIMEOUT}).
 * What the egress path itself needs (connect deadline, bytes per connection, DNS lookups) is
 * {@link io.connectors.egress.EgressConfig}.
 */
@ConfigMapping(prefix = "connectors.tester")
public interface TesterConfig {

    /**
     * Deadline of the MCP {@code initialize} handshake. It is also the default of
     * {@code connectors.egress.connect-timeout} (DNS lookup and TCP/TLS connect), so one setting bounds both.
     */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Deadline of one toolset from start to its last {@code tools/list} page, queueing for a slot included. */
    @WithDefault("15s")
    Duration totalTimeout();

    /** Most MCP sessions this pod runs at once; further toolsets wait (within their deadline) for a slot. */
    @WithDefault("64")
    int maxConcurrent();

    /**
     * Most of those sessions one organization runs at once (its fair share): further toolsets of that organization
     * wait in its own queue, so one organization can't starve the others.
     */
    @WithDefault("16")
    int maxConcurrentPerOrganization();

    /**
     * Most toolsets waiting for a slot (pod-wide, and again within each organization); beyond it a toolset fails at
     * once as "busy".
     */
    @WithDefault("1000")
    int maxQueued();

    /** Largest single response (one JSON-RPC message or SSE event) accepted from a server, in bytes. */
    @WithDefault("1048576")
    int maxResponseBytes();


    /**
     * Most bytes one toolset's server may send in all, across every page, response and connection. Keep it below
     * {@code connectors.egress.max-connection-bytes}: this budget is counted where the error can be named, the
     * proxy's cut is not.
     */
    @WithDefault("8388608")
    long maxToolsetBytes();

    /** Most bytes the servers of one request (a test or one {@code /tools} call) may send together. */
    @WithDefault("67108864")
    long maxRequestBytes();

    /**
     * Most toolsets one request lists; the rest are reported as errors (a teammate with thousands of assignments
     * can't make one call fan out without bound).
     */
    @WithDefault("100")
    int maxToolsets();

    /** Longest tool name accepted (MCP's own limit); a longer one fails the toolset rather than being cut. */
    @WithDefault("128")
    int maxToolNameLength();

    /** Longest tool description kept, in characters; longer ones are cut and end with "…". */
    @WithDefault("1024")
    int maxDescriptionLength();

    /** Most {@code tools/list} pages followed for one toolset; a server that pages on forever is cut off here. */
    @WithDefault("50")
    int maxPages();

    /** Most tools kept for one toolset; more is reported as an error rather than held in memory. */
    @WithDefault("2000")
    int maxTools();


    /** Client name sent in {@code initialize}. */
    @WithDefault("connectors")
    String clientName();

    /** Client version sent in {@code initialize}. */
    @WithDefault("1.0.0")
    String clientVersion();
}
