package io.connectors.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The teammate gateway's bounds, under {@code connectors.gateway.*} (each settable by environment variable, e.g.
 * {@code CONNECTORS_GATEWAY_CALL_TIMEOUT}). Listing upstream tools uses the tester's deadlines
 * ({@code connectors.tester.*}); these are for tool calls, the tool cache and paging.
 */
@ConfigMapping(prefix = "connectors.gateway")
public interface GatewayConfig {

    /** Deadline of connecting to an upstream and its MCP handshake, for a tool call. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Deadline of one tool call from start to result, waiting for a slot included. */
    @WithDefault("60s")
    Duration callTimeout();

    /** Largest result (one JSON-RPC message) accepted from an upstream, in bytes; a larger one fails the call. */
    @WithDefault("4194304")
    int maxResultBytes();

    /** Most tool calls this pod runs at once; more wait (within the call deadline) for a slot. */
    @WithDefault("256")
    int maxConcurrent();

    /** Most of those one organization runs at once (its fair share). */
    @WithDefault("64")
    int maxConcurrentPerOrganization();

    /** Most calls waiting for a slot; beyond it a call fails at once as busy. */
    @WithDefault("1000")
    int maxQueued();

    /** How long a connector's tool list is served from the cache; any change to what it depends on drops it. */
    @WithDefault("5m")
    Duration toolsTtl();

    /** Most tool lists cached in this pod; past it the cache starts over. */
    @WithDefault("10000")
    int maxCachedLists();

    /** An upstream MCP session unused this long is closed (sessions are held open between calls). */
    @WithDefault("2m")
    Duration upstreamSessionIdle();

    /** An upstream MCP session this old takes no new call and is closed once its calls end. */
    @WithDefault("10m")
    Duration upstreamSessionMaxAge();

    /** Most upstream MCP sessions this pod holds open; past it a call opens and closes a session of its own. */
    @WithDefault("1000")
    int maxUpstreamSessions();

    /** Tools per {@code tools/list} page. */
    @WithDefault("100")
    int pageSize();
}
