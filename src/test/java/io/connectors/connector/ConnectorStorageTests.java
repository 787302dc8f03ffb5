package io.connectors.connector;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.connectors.secret.SecretCipher;
import io.connectors.secret.SecretUnreadableException;
import io.connectors.testsupport.Tokens;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.DEFAULT_URL;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.createConnector;
import static io.connectors.testsupport.Api.createDefaultConnector;
import static io.connectors.testsupport.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What reaches PostgreSQL: sealed secrets, and the database deciding on duplicate names under concurrency. */
@QuarkusTest
class ConnectorStorageTests {

    @Inject
    // The JDBC datasource is the migrations' one (the default datasource is reactive only).
    @DataSource("migrations")
    AgroalDataSource dataSource;

    @Inject
    SecretCipher cipher;

    @Test
    void headerValuesAreNotStoredInPlaintext() throws Exception {
        String secret = "plaintext-must-not-be-stored-" + UUID.randomUUID();
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("Authorization", "Bearer " + secret));
        String id = createConnector(body);

        String stored = queryString("select headers::text from connector where id = ?", UUID.fromString(id));
        assertFalse(stored.contains(secret), stored);
        String sealed = queryString("select headers ->> 'Authorization' from connector where id = ?", UUID.fromString(id));
        assertTrue(sealed.matches("v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*"), "the versioned cipher format: " + sealed);
        // What is stored is that very value, sealed for this organization (and for no other).
        assertEquals("Bearer " + secret, cipher.decrypt(Tokens.DEFAULT_ORG, sealed));
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt(Tokens.OTHER_ORG, sealed));
        assertFalse(queryString("select string_agg(headers::text, ',') from connector", null).contains(secret));
    }

    @Test
    void concurrentCreatesWithTheSameNameLetExactlyOneWin() throws Exception {
        String name = uniqueName("race");
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        String token = Tokens.staff();
        for (int i = 0; i < callers; i++) {
            Callable<Response> create = () -> {
                start.await();
                return as(token).body(Map.of("name", name, "url", DEFAULT_URL)).post(BASE + "/mcps");
            };
            results.add(pool.submit(create));
        }
        start.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> result : results) {
            responses.add(result.get());
        }
        pool.shutdown();
        List<Integer> statuses = responses.stream().map(Response::statusCode).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(callers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        for (Response response : responses) {
            if (response.statusCode() == 201) {
                assertEquals(name, response.jsonPath().getString("name"));
            } else {
                assertEquals("application/problem+json", response.contentType());
                assertEquals("urn:problem:connectors:duplicate-name", response.jsonPath().getString("type"));
                assertEquals("A connector named '" + name + "' already exists in this organization; choose another name",
                        response.jsonPath().getString("detail"));
            }
        }
        assertEquals("1", queryString("select count(*)::text from connector where organization_id = 'org-a' and name = ?",
                name));
    }

    private String queryString(String sql, Object parameter) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            try (ResultSet rs = statement.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }
}
