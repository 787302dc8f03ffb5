package io.connectors.database;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * Creates the reactive pool that serves requests with bounded waits, which Quarkus has no settings for: a TCP
 * connect deadline ({@code connectors.database.connect-timeout}) and a deadline for getting a connection from the
 * pool, handshake included ({@code connectors.database.acquire-timeout}). Without them a database that accepts
 * connections and never answers (or a pool drained by a stalled one) piles requests up until clients give up;
 * with them such requests fail as {@link DatabaseUnavailable} (503, {@code Retry-After}).
 */
@Singleton
public class DatabasePool implements PgPoolCreator {

    private final DatabaseConfig config;

    public DatabasePool(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    @SuppressWarnings("deprecation") // Quarkus casts the pool it gets here to PgPool.
    public Pool create(Input input) {
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis()));
        }
        input.poolOptions()
                .setConnectionTimeout(Math.toIntExact(config.acquireTimeout().toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }
}
