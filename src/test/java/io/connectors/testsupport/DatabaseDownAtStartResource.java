package io.connectors.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points the service at a {@link StoppablePostgres} that is NOT running when the service starts. Tests receive the
 * handle in a field of type {@code StoppablePostgres} and start and stop it themselves.
 */
public class DatabaseDownAtStartResource implements QuarkusTestResourceLifecycleManager {

    private StoppablePostgres postgres;

    @Override
    public Map<String, String> start() {
        postgres = new StoppablePostgres();
        Map<String, String> properties = new HashMap<>(postgres.datasourceProperties());
        // As in production: migrations wait for the database in the background instead of blocking start-up.
        properties.put("quarkus.flyway.migrations.migrate-at-start", "false");
        // Quick retries keep the test short; production defaults are in DatabaseConfig.
        properties.put("connectors.database.retry-initial", "200ms");
        properties.put("connectors.database.retry-max", "1s");
        properties.put("connectors.database.probe-timeout", "1s");
        return properties;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(postgres, new TestInjector.MatchesType(StoppablePostgres.class));
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.stop();
        }
    }
}
