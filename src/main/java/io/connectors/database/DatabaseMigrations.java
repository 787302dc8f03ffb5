package io.connectors.database;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Flyway migrations once PostgreSQL can be reached, on a thread of its own, so the service starts, answers
 * liveness and reports "not ready" while the database is down instead of failing to start.
 *
 * <p>Replaces {@code quarkus.flyway.migrate-at-start}, which blocks start-up and aborts it when the database is
 * unreachable. Attempts are retried with a doubling pause ({@code connectors.database.retry-*}). The Flyway bean
 * (and with it the JDBC driver and connection pool) is only created on that thread, which also keeps those classes
 * off the start-up path. Requests never use JDBC: they go through the reactive client.
 */
@ApplicationScoped
public class DatabaseMigrations {

    private final Instance<Flyway> flyway;
    private final DatabaseConfig config;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean done;
    private volatile String lastFailure = "not attempted yet";
    private Thread worker;

    private final boolean migratedAtStart;

    public DatabaseMigrations(Instance<Flyway> flyway, DatabaseConfig config,
            @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migratedAtStart) {
        this.flyway = flyway;
        this.config = config;
        this.migratedAtStart = migratedAtStart;
    }

    void onStart(@Observes StartupEvent event) {
        // Dev mode and tests let Quarkus migrate before serving (it fails the start when that fails).
        if (!config.migrate() || migratedAtStart) {
            done = true;
            return;
        }
        worker = new Thread(this::migrateUntilDone, "database-migrations");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.countDown();
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Whether the schema is up to date (or migrations are left to the operator). */
    public boolean done() {
        return done;
    }

    /** Why the last attempt failed, for the readiness report; never holds credentials (Flyway's messages don't). */
    public String lastFailure() {
        return lastFailure;
    }

    private void migrateUntilDone() {
        Duration pause = config.retryInitial();
        int attempt = 0;
        while (!done) {
            attempt++;
            try {
                var result = flyway.get().migrate();
                done = true;
                lastFailure = null;
                Log.infof("Database schema is up to date (%d migration(s) applied, attempt %d)",
                        result.migrationsExecuted, attempt);
                return;
            } catch (RuntimeException e) {
                lastFailure = rootMessage(e);
                // The first failure is worth a warning; repeating it every few seconds during an outage is noise.
                if (attempt == 1) {
                    Log.warnf("Database not reachable yet, migrations will be retried: %s", lastFailure);
                } else {
                    Log.debugf("Migration attempt %d failed: %s", attempt, lastFailure);
                }
            }
            try {
                if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : pause.multipliedBy(2);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
