package io.connectors.database;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the service reaches its PostgreSQL at start and while running: {@code connectors.database.*}.
 */
@ConfigMapping(prefix = "connectors.database")
public interface DatabaseConfig {

    /**
     * Whether schema migrations run by themselves once the database is reachable. Off only where an operator runs
     * them separately (then readiness waits for nothing but a reachable database).
     */
    @WithDefault("true")
    boolean migrate();

    /** First pause between attempts to migrate while the database is unreachable; it doubles up to the maximum. */
    @WithDefault("500ms")
    Duration retryInitial();

    /** Longest pause between attempts; it bounds how long recovery takes after the database comes back. */
    @WithDefault("5s")
    Duration retryMax();

    /** Deadline of a TCP connect to PostgreSQL from the pool that serves requests. */
    @WithDefault("3s")
    Duration connectTimeout();

    /**
     * Longest a request waits for a connection from the pool, opening one (connect and PostgreSQL handshake)
     * included; past it the request is answered 503 like an outage instead of waiting on an unresponsive database.
     */
    @WithDefault("5s")
    Duration acquireTimeout();

    /** How long the readiness probe waits for {@code SELECT 1} before it reports the database down. */
    @WithDefault("2s")
    Duration probeTimeout();
}
