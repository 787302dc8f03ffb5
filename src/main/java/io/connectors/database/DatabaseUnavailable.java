package io.connectors.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Recognizes a failure caused by PostgreSQL being unreachable, going away or not answering in time, as opposed to
 * a bug: such requests are answered 503 with {@code Retry-After} (clients and gateways retry), not 500, and are not
 * logged as errors. Checks are by type along the cause chain, so wrappers (Hibernate Reactive's, Vert.x's
 * "pending requests failed" exceptions, {@code CompletionException}) don't hide the cause.
 */
public final class DatabaseUnavailable {

    /** Seconds a client should wait before retrying; about the readiness probe period. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /**
     * admin_shutdown, crash_shutdown, cannot_connect_now (57P0x), query_canceled (57014, a statement timeout),
     * too_many_connections (53300); the connection_exception class (08xxx) is matched by prefix.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "53300");

    /**
     * Vert.x 4 signals the pool's acquisition deadline with a private singleton {@code VertxException} that has no
     * type of its own; its fixed message is the only mark it carries (checked on that one type, without a cause,
     * nowhere else). {@code DatabaseOutageTests} drives the real pool into this deadline, so a Vert.x that words it
     * differently fails the build instead of turning 503s into 500s.
     */
    static final String POOL_ACQUIRE_TIMEOUT_MESSAGE = "Timeout waiting for connection";

    private DatabaseUnavailable() {
    }

    public static boolean causes(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (isUnreachable(cause)) {
                return true;
            }
            if (cause instanceof DatabaseException database && database.getSqlState() != null
                    && (database.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(database.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A connection closed under a request, the pool's acquisition deadline ({@link DatabasePool}) or its full wait
     * queue, and socket-level failures, which are all {@link IOException}s: connection refused
     * ({@code ConnectException}), Netty's connect deadline ({@code ConnectTimeoutException}), "Connection reset by
     * peer" (a plain IOException from NIO, {@code NativeIoException} from Netty's native transport), closed
     * channels. Jackson's exceptions are IOExceptions too but are request errors, mapped before this check, and
     * excluded here all the same.
     */
    private static boolean isUnreachable(Throwable cause) {
        return cause instanceof ClosedConnectionException
                || cause instanceof ConnectionPoolTooBusyException
                || cause instanceof TimeoutException
                || cause instanceof VertxException && cause.getCause() == null
                        && POOL_ACQUIRE_TIMEOUT_MESSAGE.equals(cause.getMessage())
                || cause instanceof IOException && !(cause instanceof JsonProcessingException);
    }
}
