package io.connectors.database;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the schema is migrated and PostgreSQL answers {@code SELECT 1} on the reactive pool that serves
 * requests. Liveness has no database check on purpose: a database outage must take replicas out of the Service,
 * not make Kubernetes restart them.
 *
 * <p>This replaces the datasource checks Quarkus would add ({@code quarkus.datasource.health.enabled=false}),
 * which would also open a JDBC connection on every probe although JDBC only serves migrations.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "database";

    private final Pool pool;
    private final DatabaseMigrations migrations;
    private final DatabaseConfig config;

    public DatabaseReadiness(Pool pool, DatabaseMigrations migrations, DatabaseConfig config) {
        this.pool = pool;
        this.migrations = migrations;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!migrations.done()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).down()
                    .withData("migrated", false)
                    .withData("reason", String.valueOf(migrations.lastFailure()))
                    .build());
        }
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(config.probeTimeout()).fail()
                .map(rows -> HealthCheckResponse.named(NAME).up().withData("migrated", true).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("migrated", true)
                        .withData("reason", failure.getClass().getSimpleName() + ": " + failure.getMessage())
                        .build());
    }
}
