package io.connectors.database;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Timestamps for stored rows. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * Now, at the microsecond precision PostgreSQL keeps, so the value a write returns equals the value a later read
     * returns.
     */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
