package io.connectors.database;

import com.fasterxml.jackson.core.JsonParseException;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which failures mean "the database is away" (503, retry) and which are bugs or request errors (not 503), with the
 * exceptions the PostgreSQL client, Vert.x and Hibernate Reactive really raise, wrapped as they arrive.
 */
class DatabaseUnavailableTest {

    @Test
    void connectionResetByPeerUnderAWrapperIsUnavailable() {
        IOException reset = new IOException("Connection reset by peer");
        assertTrue(DatabaseUnavailable.causes(new CompletionException(new HibernateException(reset))));
        assertTrue(DatabaseUnavailable.causes(new VertxException("Pending requests failed", reset)));
        assertTrue(DatabaseUnavailable.causes(new SocketException("Connection reset")));
    }

    @Test
    void refusedClosedAndTimedOutConnectionsAreUnavailable() {
        assertTrue(DatabaseUnavailable.causes(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(DatabaseUnavailable.causes(new HibernateException(ClosedConnectionException.INSTANCE)));
        assertTrue(DatabaseUnavailable.causes(new TimeoutException()));
        // What the pool fails a request with when acquire-timeout passes.
        assertTrue(DatabaseUnavailable.causes(new CompletionException(
                new VertxException("Timeout waiting for connection", true))));
    }

    @Test
    void serverShuttingDownStartingOrOverloadedIsUnavailable() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "08001", "53300", "57014"}) {
            assertTrue(DatabaseUnavailable.causes(new HibernateException(new PgException("m", "FATAL", state, null))),
                    state);
        }
    }

    @Test
    void bugsAndRequestErrorsAreNotUnavailable() {
        assertFalse(DatabaseUnavailable.causes(new PgException("duplicate", "ERROR", "23505", null)));
        assertFalse(DatabaseUnavailable.causes(new PgException("invalid byte sequence", "ERROR", "22021", null)));
        assertFalse(DatabaseUnavailable.causes(new HibernateException(new IllegalStateException("bug"))));
        assertFalse(DatabaseUnavailable.causes(new NullPointerException()));
        assertFalse(DatabaseUnavailable.causes(new JsonParseException(null, "bad JSON")));
        assertFalse(DatabaseUnavailable.causes(new VertxException("Timeout waiting for something else")));
    }
}
