package io.connectors.oauth;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.oauth.ProtectedMcpServer;
import io.connectors.testsupport.oauth.TestAuthorizationServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.connectors.oauth.OAuthSignInSupport.base;
import static io.connectors.oauth.OAuthSignInSupport.createOAuthConnector;
import static io.connectors.oauth.OAuthSignInSupport.signIn;
import static io.connectors.oauth.OAuthSignInSupport.start;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC "OAuth connectors", the token side: refresh ahead of expiry with rotation, one refresh per grant however many
 * resolutions race, a refused refresh, revocation, {@code insufficient_scope}, whose grant a caller and a teammate
 * use, and no token anywhere it shouldn't be.
 */
@QuarkusTest
class OAuthTokenTests {

    private String org;
    private String alice;
    private String bob;
    private TestAuthorizationServer authorizationServer;
    private ProtectedMcpServer server;

    @BeforeEach
    void servers() {
        org = uniqueName("org-tokens");
        alice = Tokens.staff("alice", org);
        bob = Tokens.staff("bob", org);
        authorizationServer = TestAuthorizationServer.start();
        server = ProtectedMcpServer.start(authorizationServer);
    }

    @AfterEach
    void stop() {
        server.close();
        authorizationServer.close();
    }

    private Response test(String token, String id) {
        return as(token).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/test");
    }

    @Test
    void tokensAreRefreshedAheadOfExpiryAndTheRotatedRefreshTokenIsKept() {
        // 30 s of life is within the 60 s margin: every use renews it.
        authorizationServer.accessTokenLifetime(Duration.ofSeconds(30));
        String id = createOAuthConnector(alice, org, "Refresh", server.url(), Map.of());
        signIn(alice, org, id);
        test(alice, id).then().statusCode(200).body("success", equalTo(true));
        assertEquals(1, authorizationServer.refreshes());
        assertEquals(authorizationServer.issuedAccessTokens().get(1), server.bearerTokens().get(0));
        // The first refresh token was rotated away: this works only with the stored successor.
        test(alice, id).then().statusCode(200).body("success", equalTo(true));
        assertEquals(2, authorizationServer.refreshes());
        assertFalse(server.bearerTokens().contains(authorizationServer.issuedAccessTokens().get(0)));
    }

    @Test
    void concurrentResolutionsOfAnExpiredTokenRefreshOnce() throws Exception {
        // Expired for real: nobody may use the old token, everyone needs the one refresh's result.
        authorizationServer.accessTokenLifetime(Duration.ofSeconds(3)).tokenDelay(Duration.ofMillis(500));
        String id = createOAuthConnector(alice, org, "Race", server.url(), Map.of());
        signIn(alice, org, id);
        Thread.sleep(3200);
        int parallel = 6;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            // Each on its own thread and connection, so on different event-loop contexts of the service.
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return test(alice, id).then().statusCode(200).extract().<Boolean>path("success");
            }));
        }
        go.countDown();
        for (CompletableFuture<Boolean> result : results) {
            assertTrue(result.get());
        }
        assertEquals(1, authorizationServer.refreshes());
        assertFalse(server.bearerTokens().contains(authorizationServer.issuedAccessTokens().get(0)));
    }

    @Test
    void whileOneRefreshesOthersUseTheStillValidToken() throws Exception {
        authorizationServer.accessTokenLifetime(Duration.ofSeconds(30)).tokenDelay(Duration.ofMillis(500));
        String id = createOAuthConnector(alice, org, "Overlap", server.url(), Map.of());
        signIn(alice, org, id);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(CompletableFuture.supplyAsync(() -> test(alice, id).then().statusCode(200)
                    .extract().<Boolean>path("success")));
        }
        for (CompletableFuture<Boolean> result : results) {
            assertTrue(result.get());
        }
        assertEquals(1, authorizationServer.refreshes());
    }

    @Test
    void aRefusedRefreshExpiresTheGrantAndSaysWhoMustSignIn() {
        authorizationServer.accessTokenLifetime(Duration.ofSeconds(30));
        String id = createOAuthConnector(alice, org, "Refused", server.url(), Map.of());
        signIn(alice, org, id);
        authorizationServer.refuseRefresh("invalid_grant");
        test(alice, id).then().statusCode(200)
                .body("success", equalTo(false))
                .body("authorization_required", equalTo(true))
                .body("error", containsString("Your sign-in to Refused has expired"))
                .body("error", containsString("you must sign in again"));
        as(alice).get(base(org) + "/mcps/mcp/" + id).then()
                .body("authorization.status", equalTo("expired"))
                .body("authorization.last_error", containsString("sign in again"));
    }

    @Test
    void forgettingRevokesAtTheAuthorizationServer() {
        String id = createOAuthConnector(alice, org, "Revoke", server.url(), Map.of());
        signIn(alice, org, id);
        as(alice).delete(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(204);
        assertTrue(authorizationServer.revoked().contains(authorizationServer.issuedRefreshTokens().get(0)));
        assertTrue(authorizationServer.revoked().contains(authorizationServer.issuedAccessTokens().get(0)));
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
        test(alice, id).then().body("authorization_required", equalTo(true));
        as(alice).delete(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(204);
    }

    @Test
    void aFailedRevocationStillForgets() {
        authorizationServer.metadata("revocation_endpoint", "http://127.0.0.1:" + authorizationServer.port()
                + "/no-such-endpoint");
        String id = createOAuthConnector(alice, org, "RevokeFails", server.url(), Map.of());
        signIn(alice, org, id);
        as(alice).delete(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(204);
        assertTrue(authorizationServer.revoked().isEmpty());
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
    }

    @Test
    void insufficientScopeAsksForTheNamedScopesAtTheNextSignIn() {
        server.requireScope("write");
        String id = createOAuthConnector(alice, org, "Scopes", server.url(), Map.of());
        signIn(alice, org, id);
        test(alice, id).then().statusCode(200)
                .body("authorization_required", equalTo(true))
                .body("error", containsString("(write)"));
        as(alice).get(base(org) + "/mcps/mcp/" + id).then()
                .body("authorization.status", equalTo("required"))
                .body("authorization.scopes", hasItem("write"));
        String url = start(alice, org, id);
        String asked = java.net.URLDecoder.decode(url.substring(url.indexOf("&scope=") + 7).split("&")[0],
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(List.of(asked.split(" ")).containsAll(List.of("read", "write")), asked);
    }

    @Test
    void userCredentialIsEachPersonsOwnAndOrganizationCredentialIsShared() {
        String personal = createOAuthConnector(alice, org, "Personal", server.url(), Map.of());
        String shared = createOAuthConnector(alice, org, "Shared", server.url(), Map.of("credential", "organization"));
        signIn(alice, org, personal);
        signIn(alice, org, shared);

        as(bob).get(base(org) + "/mcps/mcp/" + personal).then().body("authorization.status", equalTo("required"));
        as(bob).get(base(org) + "/mcps").then()
                .body("find { it.name == 'Personal' }.authorization.status", equalTo("required"))
                .body("find { it.name == 'Shared' }.authorization.status", equalTo("connected"))
                .body("find { it.name == 'Shared' }.authorization.connected_by", equalTo("alice"));
        test(bob, personal).then().body("authorization_required", equalTo(true))
                .body("error", containsString("Your sign-in to Personal is missing"));
        test(bob, shared).then().body("success", equalTo(true));
        as(alice).get(base(org) + "/mcps").then()
                .body("find { it.name == 'Personal' }.authorization.status", equalTo("connected"));
    }

    @Test
    void aTeammateRunsWithTheCredentialOfWhoEnabledIt() {
        String id = createOAuthConnector(alice, org, "Teammate", server.url(), Map.of());
        signIn(alice, org, id);
        String byAlice = uniqueName("emp");
        String byBob = uniqueName("emp");
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/employee/" + byAlice).then().statusCode(201);
        as(bob).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/employee/" + byBob).then().statusCode(201);
        as(bob).get(base(org) + "/mcps/employee/" + byAlice + "/tools").then().statusCode(200)
                .body("success", equalTo(true)).body("tool_count", equalTo(2));
        as(alice).get(base(org) + "/mcps/employee/" + byBob + "/tools").then().statusCode(200)
                .body("authorization_required", equalTo(true))
                .body("error", containsString("of bob (who enabled it for this teammate)"));
    }

    @Test
    void noTokenOrSecretReachesAResponseOrALogLine() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                        + " " + record.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            authorizationServer.accessTokenLifetime(Duration.ofSeconds(30)).withoutDynamicRegistration()
                    .preRegister("pre-client", "pre-secret-value");
            String id = createOAuthConnector(alice, org, "Quiet", server.url(), Map.of("oauth_client",
                    Map.of("client_id", "pre-client", "client_secret", "pre-secret-value")));
            signIn(alice, org, id);
            List<String> bodies = new ArrayList<>();
            bodies.add(test(alice, id).then().statusCode(200).extract().asString());
            bodies.add(as(alice).get(base(org) + "/mcps/mcp/" + id).then().extract().asString());
            bodies.add(as(alice).get(base(org) + "/mcps").then().extract().asString());
            as(alice).delete(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(204);
            List<String> secrets = new ArrayList<>(authorizationServer.issuedAccessTokens());
            secrets.addAll(authorizationServer.issuedRefreshTokens());
            secrets.add("pre-secret-value");
            assertTrue(secrets.size() >= 5, secrets.toString());
            for (String secret : secrets) {
                for (String body : bodies) {
                    assertFalse(body.contains(secret), "a response holds a secret");
                }
                for (String line : lines) {
                    assertFalse(line.contains(secret), "a log line holds a secret: " + line);
                }
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void predefinedIntegrationsRefreshOnceToo() throws Exception {
        String refreshToken = "rt-" + java.util.UUID.randomUUID();
        as(alice).body(Map.of("access_token", "expired-access", "refresh_token", refreshToken, "expires_in", 0))
                .put(base(org) + "/integrations/google").then().statusCode(200);
        int before = io.connectors.testsupport.mcp.OAuthMcpServers.tokenRequests.size();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return as(alice).body(Map.of("oauth_mcp", "gmail")).post(base(org) + "/mcps/test").then()
                        .statusCode(200).extract().<Boolean>path("success");
            }));
        }
        go.countDown();
        for (CompletableFuture<Boolean> result : results) {
            assertTrue(result.get());
        }
        List<String> sent = io.connectors.testsupport.mcp.OAuthMcpServers.tokenRequests.subList(before,
                io.connectors.testsupport.mcp.OAuthMcpServers.tokenRequests.size());
        assertEquals(1, sent.size(), sent.toString());
        assertTrue(sent.get(0).contains(refreshToken));
    }

    @Test
    void movingTheConnectorToAnotherServerForgetsItsSignIns() {
        String id = createOAuthConnector(alice, org, "Moves", server.url(), Map.of());
        signIn(alice, org, id);
        as(alice).body(Map.of("url", "http://127.0.0.1:1/mcp")).put(base(org) + "/mcps/mcp/" + id).then()
                .statusCode(200).body("authorization.status", equalTo("required"));
        as(alice).body(Map.of("url", server.url())).put(base(org) + "/mcps/mcp/" + id).then()
                .statusCode(200).body("authorization.status", equalTo("required"));
        int before = server.bearerTokens().size();
        test(alice, id).then().body("authorization_required", equalTo(true));
        assertEquals(before, server.bearerTokens().size());
    }
}
