package io.connectors.database;

import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the Flyway migrations once PostgreSQL can be reached, off the start-up path, so the service starts, answers
 * liveness and reports "not ready" while the database is down instead of failing to start.
 *
 * <p>Replaces {@code quarkus.flyway.migrate-at-start}, which blocks start-up and aborts it when the database is
 * unreachable. Each attempt runs on the worker pool (Flyway and JDBC block); failed attempts are retried by Mutiny with
 * a doubling pause between {@code connectors.database.retry-initial} and {@code retry-max}, and shutdown cancels the
 * retries. The Flyway bean (and with it the JDBC driver and connection pool) is only created by the first attempt,
 * which also keeps those classes off the start-up path. Requests never use JDBC: they go through the reactive client,
 * and the JDBC datasource is a named one of its own so that the default datasource is reactive only (no blocking
 * Hibernate ORM persistence unit, Agroal pool or transaction manager to build at start).
 */
@ApplicationScoped
public class DatabaseMigrations {

    /** The JDBC datasource that only migrations use; requests use the default, reactive-only one. */
    public static final String MIGRATIONS_DATASOURCE = "migrations";

    private final Instance<Flyway> flyway;
    private final DatabaseConfig config;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean done;
    private volatile String lastFailure = "not attempted yet";
    private volatile Cancellable retries;

    private final boolean migratedAtStart;

    public DatabaseMigrations(@FlywayDataSource(MIGRATIONS_DATASOURCE) Instance<Flyway> flyway, DatabaseConfig config,
            @ConfigProperty(name = "quarkus.flyway." + MIGRATIONS_DATASOURCE + ".migrate-at-start",
                    defaultValue = "false") boolean migratedAtStart) {
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
        retries = Uni.createFrom().item(() -> flyway.get().migrate())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(this::attemptFailed)
                .onFailure().retry().withBackOff(config.retryInitial(), config.retryMax()).withJitter(0)
                .indefinitely()
                .subscribe().with(this::migrated, failure -> Log.errorf("Migrations stopped: %s", failure));
    }

    void onStop(@Observes ShutdownEvent event) {
        Cancellable running = retries;
        if (running != null) {
            running.cancel();
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

    private void migrated(MigrateResult result) {
        done = true;
        lastFailure = null;
        Log.infof("Database schema is up to date (%d migration(s) applied, attempt %d)", result.migrationsExecuted,
                attempts.get() + 1);
    }

    private void attemptFailed(Throwable failure) {
        lastFailure = rootMessage(failure);
        // The first failure is worth a warning; repeating it every few seconds during an outage is noise.
        int attempt = attempts.incrementAndGet();
        if (attempt == 1) {
            Log.warnf("Database not reachable yet, migrations will be retried: %s", lastFailure);
        } else {
            Log.debugf("Migration attempt %d failed: %s", attempt, lastFailure);
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
