package io.connectors.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What egress itself needs, under {@code connectors.egress.*}: what the guard lets through besides public addresses,
 * and the bounds of the proxy every outbound call goes through (whoever calls: the tester, token refreshes, later the
 * gateway). Keys that used to live under {@code connectors.tester.*} still work there: each default reads the old key.
 */
@ConfigMapping(prefix = "connectors.egress")
public interface EgressConfig {

    /**
     * Host names or CIDR ranges (IPv4 or IPv6, a bare address is a single host) that are allowed even though they
     * fall in a blocked range. Empty in production; dev mode and tests allow loopback ({@code 127.0.0.0/8,::1}).
     */
    Optional<List<String>> allow();

    /** Deadline of a DNS lookup and of the TCP (and TLS) connect to the checked address. */
    @WithDefault("${connectors.tester.connect-timeout:5s}")
    Duration connectTimeout();

    /** Most bytes one proxied exchange or tunnel may carry in either direction before the proxy cuts it. */
    @WithDefault("${connectors.tester.max-connection-bytes:16777216}")
    long maxConnectionBytes();

    /**
     * Most blocking DNS lookups running at once (each holds a worker thread until the OS resolver answers, even after
     * the connect deadline gave up on it); a lookup beyond it fails at once as unresolved.
     */
    @WithDefault("${connectors.tester.max-lookups:16}")
    int maxLookups();

    /** Most connections the proxy keeps open to plain-http servers at once; further requests wait for one. */
    @WithDefault("${connectors.tester.max-concurrent:64}")
    int maxConnections();

    /**
     * Most connections the proxy keeps open to one plain-http server for GETs: MCP event streams, which stay open
     * for a whole session (the gateway holds sessions open), so they have their own pool and never take the
     * connections that requests and their answers need.
     */
    @WithDefault("2048")
    int maxStreams();

    /** Most requests waiting for such a connection; beyond it a request fails at once. */
    @WithDefault("${connectors.tester.max-queued:1000}")
    int maxWaiting();

    /** How long a proxied connection may stay silent before it is closed; keep it above the callers' deadlines. */
    @WithDefault("30s")
    Duration idleTimeout();
}
