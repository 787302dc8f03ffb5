package io.connectors.database;

import io.connectors.testsupport.Api;
import io.connectors.testsupport.DatabaseDownAtStartResource;
import io.connectors.testsupport.StoppablePostgres;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The service starts while PostgreSQL is down, stays live but not ready, becomes ready by itself once the database
 * comes up (migrations included), drops out of readiness when it goes away again and comes back without a restart.
 * Requests caught by a restart or by a database that never answers are 503 with {@code Retry-After}, never 500.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTests.DatabaseDownAtStart.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageTests {

    /** Its own PostgreSQL, stopped when the service boots. */
    public static class DatabaseDownAtStart implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseDownAtStartResource.class));
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Shorter than the defaults (3 s, 5 s) so that the unresponsive-database case stays quick.
            return Map.of("connectors.database.connect-timeout", "1s", "connectors.database.acquire-timeout", "2s");
        }
    }

    /** Bounds every request of these tests, so a request the service never answers fails the test, not the build. */
    private static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 60_000));

    StoppablePostgres postgres;

    @Test
    @Order(1)
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

    @Test
    @Order(2)
    void restartUnderConcurrentCreatesAnswersOnlyCreatedOrUnavailable() throws Exception {
        postgres.start();
        awaitReadiness(200, Duration.ofSeconds(60));
        int clients = 8;
        AtomicBoolean stopping = new AtomicBoolean();
        Queue<String> created = new ConcurrentLinkedQueue<>();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger unavailable = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            workers.submit(() -> {
                while (!stopping.get()) {
                    Response response = given().config(BOUNDED).auth().oauth2(Tokens.staff())
                            .contentType("application/json").body(Api.createDefaultConnector()).post(Api.BASE + "/mcps");
                    if (response.statusCode() == 201) {
                        created.add(response.path("id"));
                    } else if (response.statusCode() == 503 && "5".equals(response.header("Retry-After"))
                            && response.contentType().startsWith("application/problem+json")) {
                        unavailable.incrementAndGet();
                    } else {
                        unexpected.add(response.statusCode() + " " + response.asString());
                    }
                }
                return null;
            });
        }
        Thread.sleep(1_500);
        postgres.stop();
        Thread.sleep(3_000);
        postgres.start();
        awaitReadiness(200, Duration.ofSeconds(60));
        Thread.sleep(1_500);
        stopping.set(true);
        workers.shutdown();
        assertTrue(workers.awaitTermination(90, TimeUnit.SECONDS), "clients still waiting for answers");

        assertEquals(List.of(), List.copyOf(unexpected), "answers other than 201 and 503");
        assertTrue(unavailable.get() > 0, "no request met the outage");
        assertTrue(created.size() > clients, "too few creates succeeded: " + created.size());
        for (String id : created) {
            given().config(BOUNDED).auth().oauth2(Tokens.staff()).get(Api.BASE + "/mcps/mcp/" + id)
                    .then().statusCode(200);
        }
    }

    @Test
    @Order(3)
    void databaseThatAcceptsAndNeverAnswersIsUnavailableWithinTheAcquireTimeout() throws Exception {
        postgres.stop();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket()) {
            blackHole.setReuseAddress(true);
            blackHole.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), postgres.port()));
            Thread acceptor = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        held.add(blackHole.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole-postgres");
            acceptor.setDaemon(true);
            acceptor.start();

            int requests = 30;
            ExecutorService callers = Executors.newFixedThreadPool(requests);
            long started = System.nanoTime();
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                answers.add(callers.submit(() -> given().config(BOUNDED).auth().oauth2(Tokens.staff())
                        .get(Api.BASE + "/mcps")));
            }
            for (Future<Response> answer : answers) {
                Response response = answer.get(90, TimeUnit.SECONDS);
                assertEquals(503, response.statusCode(), response.asString());
                assertEquals("5", response.header("Retry-After"));
            }
            callers.shutdown();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "requests waited " + took);
            assertTrue(!held.isEmpty(), "the service never reached the unresponsive database");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        postgres.start();
        awaitReadiness(200, Duration.ofSeconds(60));
        given().config(BOUNDED).auth().oauth2(Tokens.staff()).get(Api.BASE + "/mcps").then().statusCode(200);
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
