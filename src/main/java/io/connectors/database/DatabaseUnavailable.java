package io.connectors.database;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.net.ConnectException;
import java.util.Set;

/**
 * Recognizes a failure caused by PostgreSQL being unreachable or going away, as opposed to a bug: such requests are
 * answered 503 with {@code Retry-After} (clients and gateways retry), not 500, and are not logged as errors.
 */
public final class DatabaseUnavailable {

    /** Seconds a client should wait before retrying; about the readiness probe period. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** admin_shutdown, crash_shutdown, cannot_connect_now (57P0x) and the connection_exception class (08xxx). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

    private DatabaseUnavailable() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ClosedConnectionException
                    || cause.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")) {
                return true;
            }
            if (cause instanceof DatabaseException database && database.getSqlState() != null
                    && (database.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(database.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
