package io.connectors.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives dev mode and tests a working service with nothing installed: an embedded PostgreSQL (unless a datasource
 * URL is configured) and a locally generated token-signing key (unless an OIDC provider or key is configured).
 *
 * <p>Registered through {@code META-INF/services}. In any other profile it supplies nothing, and the classes that
 * start PostgreSQL are never loaded, so the production application does not depend on them.
 */
public class LocalDefaultsConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250) so a local default wins over its placeholders, below env and -D. */
    private static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean test = profiles.contains("test");
        boolean dev = profiles.contains("dev");
        if (!test && !dev) {
            return List.of();
        }
        Map<String, String> properties = new HashMap<>();
        // The migrations' JDBC URL is derived from the reactive one (application.properties).
        if (isUnset(context, "quarkus.datasource.reactive.url")) {
            properties.putAll(EmbeddedPostgres.startOnce(test));
        }
        if (isUnset(context, "quarkus.oidc.auth-server-url") && isUnset(context, "quarkus.oidc.public-key")) {
            properties.put("quarkus.oidc.public-key", LocalSigningKey.publicKeyBase64());
            properties.put("quarkus.oidc.token.issuer", LocalSigningKey.ISSUER);
        }
        return List.of(new PropertiesConfigSource(properties, "connectors-local-defaults", ORDINAL));
    }

    private static boolean isUnset(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }
}
