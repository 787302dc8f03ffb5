package io.connectors.error;

import java.sql.SQLException;

/** Recognizes PostgreSQL's unique and foreign-key violations anywhere in a cause chain. */
public final class SqlViolations {

    private SqlViolations() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, "23505");
    }

    public static boolean isForeignKeyViolation(Throwable failure) {
        return hasSqlState(failure, "23503");
    }

    private static boolean hasSqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && state.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException cv
                    && cv.getSQLException() != null && state.equals(cv.getSQLException().getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
