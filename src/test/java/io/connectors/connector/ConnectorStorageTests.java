package io.connectors.connector;

import io.agroal.api.AgroalDataSource;
import io.connectors.testsupport.Tokens;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What reaches PostgreSQL: sealed secrets, and the database deciding on duplicate names under concurrency. */
@QuarkusTest
class ConnectorStorageTests {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void headerValuesAreNotStoredInPlaintext() throws Exception {
        String secret = "plaintext-must-not-be-stored-" + UUID.randomUUID();
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("Authorization", "Bearer " + secret));
        String id = createConnector(body);

        String stored = queryString("select headers::text from connector where id = ?", UUID.fromString(id));
        assertFalse(stored.contains(secret), stored);
        assertTrue(stored.contains("Authorization"), "header names stay readable: " + stored);
        assertTrue(stored.contains("v1:"), "values carry the versioned cipher format: " + stored);
        assertFalse(queryString("select string_agg(headers::text, ',') from connector", null).contains(secret));
    }

    @Test
    void concurrentCreatesWithTheSameNameLetExactlyOneWin() throws Exception {
        String name = uniqueName("race");
        int callers = 12;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        String token = Tokens.staff();
        for (int i = 0; i < callers; i++) {
            Callable<Integer> create = () -> {
                start.await();
                return as(token).body(Map.of("name", name, "url", DEFAULT_URL)).post(BASE + "/mcps").statusCode();
            };
            results.add(pool.submit(create));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(callers - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
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
