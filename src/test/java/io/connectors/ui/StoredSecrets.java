package io.connectors.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.connectors.secret.SecretCipher;
import io.quarkus.arc.Arc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

/**
 * Reads a connector's stored header value straight from PostgreSQL and decrypts it, so a browser test can tell
 * that a value the page never saw was kept. Test code only: the service never returns these values.
 */
final class StoredSecrets {

    private StoredSecrets() {
    }

    @SuppressWarnings("unchecked")
    static String headerValue(String connectorId, String header) {
        AgroalDataSource dataSource = Arc.container()
                .instance(AgroalDataSource.class, new io.quarkus.agroal.DataSource.DataSourceLiteral("migrations")).get();
        SecretCipher cipher = Arc.container().instance(SecretCipher.class).get();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select organization_id, headers::text from connector where id = ?")) {
            statement.setObject(1, UUID.fromString(connectorId));
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("No connector " + connectorId);
                }
                Map<String, String> headers = new ObjectMapper().readValue(rows.getString(2), Map.class);
                String stored = headers.get(header);
                return stored == null ? null : cipher.decrypt(rows.getString(1), stored);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not read the stored header " + header, e);
        }
    }
}
