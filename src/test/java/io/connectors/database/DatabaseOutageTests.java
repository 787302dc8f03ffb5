package io.connectors.database;

import io.connectors.testsupport.DatabaseDownAtStartResource;
import io.connectors.testsupport.StoppablePostgres;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The service starts while PostgreSQL is down, stays live but not ready, becomes ready by itself once the database
 * comes up (migrations included), drops out of readiness when it goes away again and comes back without a restart.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTests.DatabaseDownAtStart.class)
class DatabaseOutageTests {

    /** Its own PostgreSQL, stopped when the service boots. */
    public static class DatabaseDownAtStart implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseDownAtStartResource.class));
        }
    }

    StoppablePostgres postgres;

    @Test
    void startsWithoutDatabaseThenRecoversByItselfAfterEachOutageKeepingItsData() {
        // Started with the database down: live, not ready, and readiness says why.
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'database' }.status", is("DOWN"))
                .body("checks.find { it.name == 'database' }.data.migrated", is(false));

        postgres.start();
        Response ready = awaitReadiness(200, Duration.ofSeconds(60));
        assertEquals(true, ready.path("checks.find { it.name == 'database' }.data.migrated"));

        // Something stored before the outage...
        String connectorId = io.connectors.testsupport.Api.createConnector(
                io.connectors.testsupport.Api.createDefaultConnector());

        // An outage while running: readiness drops, liveness does not (Kubernetes must not restart the pod).
        postgres.stop();
        awaitReadiness(503, Duration.ofSeconds(30));
        given().get("/q/health/live").then().statusCode(200);
        // A request that needs the database fails fast, as "unavailable, retry", not as a bug.
        long started = System.nanoTime();
        given().auth().oauth2(Tokens.staff()).get("/api/organizations/{org}/mcps", Tokens.DEFAULT_ORG)
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(10).toNanos(), "the request did not fail fast");

        // The database is back: ready again without a restart, and nothing stored was lost.
        postgres.start();
        awaitReadiness(200, Duration.ofSeconds(60));
        given().auth().oauth2(Tokens.staff()).get("/api/organizations/{org}/mcps", Tokens.DEFAULT_ORG)
                .then().statusCode(200);
        io.connectors.testsupport.Api.asStaff()
                .get(io.connectors.testsupport.Api.BASE + "/mcps/mcp/" + connectorId).then().statusCode(200);
    }

    private static Response awaitReadiness(int status, Duration within) {
        return awaitResponse("/q/health/ready", r -> r.statusCode() == status, within);
    }

    private static Response awaitResponse(String path, Predicate<Response> condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().get(path);
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("GET " + path + " did not reach the expected state within " + within + "; last answer "
                + (last == null ? "none" : last.statusCode() + " " + last.asString()));
        return last;
    }
}
