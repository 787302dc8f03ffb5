package io.connectors.oauth;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.oauth.ProtectedMcpServer;
import io.connectors.testsupport.oauth.TestAuthorizationServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.connectors.oauth.OAuthSignInSupport.authorize;
import static io.connectors.oauth.OAuthSignInSupport.base;
import static io.connectors.oauth.OAuthSignInSupport.callback;
import static io.connectors.oauth.OAuthSignInSupport.createOAuthConnector;
import static io.connectors.oauth.OAuthSignInSupport.signIn;
import static io.connectors.oauth.OAuthSignInSupport.start;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC "OAuth connectors": a user adds an OAuth-protected MCP server by URL alone, signs in through a real
 * authorization server and the callback, and its tools list. Each test runs its own authorization server and
 * protected MCP server on 127.0.0.1.
 */
@QuarkusTest
class OAuthConnectorSignInTests {

    @jakarta.inject.Inject
    io.connectors.egress.Egress egress;

    private String org;
    private String alice;
    private TestAuthorizationServer authorizationServer;
    private ProtectedMcpServer server;

    @BeforeEach
    void servers() {
        org = uniqueName("org-oauth");
        alice = Tokens.staff("alice", org);
        authorizationServer = TestAuthorizationServer.start();
        server = ProtectedMcpServer.start(authorizationServer);
    }

    @AfterEach
    void stop() {
        server.close();
        authorizationServer.close();
    }

    @Test
    void signInByUrlAloneThenToolsList() {
        String id = createOAuthConnector(alice, org, "Tracker", server.url(), Map.of());
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().statusCode(200)
                .body("auth", equalTo("oauth"))
                .body("credential", equalTo("user"))
                .body("oauth_client", nullValue())
                .body("authorization.status", equalTo("required"));
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/test").then().statusCode(200)
                .body("success", equalTo(false))
                .body("authorization_required", equalTo(true))
                .body("error", containsString("Your sign-in to Tracker is missing"));

        assertEquals("/mcps?authorized=" + id, signIn(alice, org, id));

        Map<String, String> asked = authorizationServer.authorizeRequests().get(0);
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(server.url(), asked.get("resource"));
        assertEquals("read", asked.get("scope"));
        assertEquals(1, authorizationServer.registrations());
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().statusCode(200)
                .body("authorization.status", equalTo("connected"))
                .body("authorization.scopes", equalTo(List.of("read")))
                .body("authorization.last_error", nullValue());
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/test").then().statusCode(200)
                .body("success", equalTo(true))
                .body("tool_count", equalTo(2))
                .body("authorization_required", equalTo(false));
        assertTrue(server.bearerTokens().contains(authorizationServer.issuedAccessTokens().get(0)));
    }

    @Test
    void discoveryFallsBackToTheWellKnownPath() {
        server.wellKnownOnly();
        String id = createOAuthConnector(alice, org, "WellKnown", server.url(), Map.of());
        assertEquals("/mcps?authorized=" + id, signIn(alice, org, id));
        assertTrue(server.paths().contains("/.well-known/oauth-protected-resource/mcp"));
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/test").then().statusCode(200)
                .body("success", equalTo(true));
    }

    @Test
    void openIdDiscoveryWithAnIssuerPath() {
        authorizationServer.openIdOnly().issuerPath("/tenant-1");
        String id = createOAuthConnector(alice, org, "OpenId", server.url(), Map.of());
        assertEquals("/mcps?authorized=" + id, signIn(alice, org, id));
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/test").then().statusCode(200)
                .body("success", equalTo(true));
    }

    @Test
    void preRegisteredClientComesFirst() {
        authorizationServer.withoutDynamicRegistration().preRegister("pre-client", "pre-secret");
        String id = createOAuthConnector(alice, org, "Pre", server.url(), Map.of("oauth_client",
                Map.of("client_id", "pre-client", "client_secret", "pre-secret")));
        assertEquals("/mcps?authorized=" + id, signIn(alice, org, id));
        assertEquals("pre-client", authorizationServer.authorizeRequests().get(0).get("client_id"));
        assertEquals(0, authorizationServer.registrations());
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/test").then().statusCode(200)
                .body("success", equalTo(true));
    }

    @Test
    void aWrongPreRegisteredSecretReadsAsARefusedClient() {
        authorizationServer.withoutDynamicRegistration().preRegister("pre-client", "pre-secret");
        String id = createOAuthConnector(alice, org, "PreWrong", server.url(), Map.of("oauth_client",
                Map.of("client_id", "pre-client", "client_secret", "not-the-secret")));
        String landed = signIn(alice, org, id);
        assertTrue(landed.startsWith("/mcps?authorization_error="), landed);
        assertTrue(java.net.URLDecoder.decode(landed, java.nio.charset.StandardCharsets.UTF_8)
                .contains("refused this service's client (invalid_client)"), landed);
        as(alice).get(base(org) + "/mcps/mcp/" + id).then()
                .body("authorization.status", equalTo("required"))
                .body("authorization.last_error", containsString("invalid_client"));
    }

    @Test
    void clientIdMetadataDocumentWhenTheServerSupportsIt() {
        authorizationServer.withoutDynamicRegistration().withMetadataDocuments();
        String id = createOAuthConnector(alice, org, "Cimd", server.url(), Map.of());
        assertEquals("/mcps?authorized=" + id, signIn(alice, org, id));
        String clientId = authorizationServer.authorizeRequests().get(0).get("client_id");
        assertEquals(OAuthSignInSupport.serviceUrl("/oauth/client-metadata.json").toString(), clientId);
        assertEquals(0, authorizationServer.registrations());
        io.restassured.RestAssured.given().get("/oauth/client-metadata.json").then().statusCode(200)
                .body("client_id", equalTo(clientId))
                .body("redirect_uris[0]", equalTo(OAuthSignInSupport.serviceUrl("/oauth/callback").toString()))
                .body("token_endpoint_auth_method", equalTo("none"));
    }

    @Test
    void dynamicRegistrationIsReusedAndRenewedWhenRefused() {
        String first = createOAuthConnector(alice, org, "Dyn1", server.url(), Map.of());
        String second = createOAuthConnector(alice, org, "Dyn2", server.url(), Map.of());
        signIn(alice, org, first);
        signIn(alice, org, second);
        assertEquals(1, authorizationServer.registrations());

        authorizationServer.forgetRegisteredClients();
        String refused = signIn(alice, org, first);
        assertTrue(java.net.URLDecoder.decode(refused, java.nio.charset.StandardCharsets.UTF_8)
                .contains("registers again"), refused);
        assertEquals("/mcps?authorized=" + first, signIn(alice, org, first));
        assertEquals(2, authorizationServer.registrations());
    }

    @Test
    void aForgedStateStoresNothing() {
        String id = createOAuthConnector(alice, org, "Forged", server.url(), Map.of());
        java.net.URI real = authorize(start(alice, org, id));
        String forged = OAuthSignInSupport.callback(OAuthSignInSupport.serviceUrl("/oauth/callback?code="
                + query(real, "code") + "&state=forged-" + java.util.UUID.randomUUID()));
        assertTrue(forged.startsWith("/mcps?authorization_error="), forged);
        assertEquals(0, authorizationServer.codeExchanges());
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
    }

    @Test
    void aReplayedStateIsRefused() {
        String id = createOAuthConnector(alice, org, "Replay", server.url(), Map.of());
        java.net.URI callbackUrl = authorize(start(alice, org, id));
        assertEquals("/mcps?authorized=" + id, callback(callbackUrl));
        String replayed = callback(callbackUrl);
        assertTrue(java.net.URLDecoder.decode(replayed, java.nio.charset.StandardCharsets.UTF_8)
                .contains("unknown or was already used"), replayed);
        assertEquals(1, authorizationServer.codeExchanges());
    }

    @Test
    void aSignInLinkOpenedInAnotherBrowserStoresNothing() {
        String id = createOAuthConnector(alice, org, "OtherBrowser", server.url(), Map.of());
        java.net.URI callbackUrl = authorize(start(alice, org, id));
        String landed = callback(callbackUrl, null);
        assertTrue(java.net.URLDecoder.decode(landed, java.nio.charset.StandardCharsets.UTF_8)
                .contains("started in another browser"), landed);
        String otherBrowser = callback(authorize(start(alice, org, id)), "A".repeat(43));
        assertTrue(otherBrowser.startsWith("/mcps?authorization_error="), otherBrowser);
        assertEquals(0, authorizationServer.codeExchanges());
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
    }

    @Test
    void anAnswerFromAnotherIssuerStoresNothing() {
        String id = createOAuthConnector(alice, org, "MixUp", server.url(), Map.of());
        java.net.URI real = authorize(start(alice, org, id));
        String tampered = real.toString().replace("iss=" + java.net.URLEncoder.encode(authorizationServer.issuer(),
                java.nio.charset.StandardCharsets.UTF_8), "iss=https%3A%2F%2Fevil.example");
        String landed = callback(java.net.URI.create(tampered));
        assertTrue(java.net.URLDecoder.decode(landed, java.nio.charset.StandardCharsets.UTF_8)
                .contains("did not come from the authorization server"), landed);
        assertEquals(0, authorizationServer.codeExchanges());
        as(alice).get(base(org) + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
    }

    @Test
    void aServerWithoutS256IsRefused() {
        authorizationServer.withoutS256();
        String id = createOAuthConnector(alice, org, "NoPkce", server.url(), Map.of());
        as(alice).post(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(502)
                .body("detail", containsString("S256"));
        as(alice).get(base(org) + "/mcps/mcp/" + id).then()
                .body("authorization.last_error", containsString("S256"));
    }

    @Test
    void metadataNamingAnotherIssuerIsRefused() {
        authorizationServer.metadata("issuer", "https://evil.example");
        String id = createOAuthConnector(alice, org, "Issuer", server.url(), Map.of());
        as(alice).post(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(502)
                .body("detail", containsString("another issuer"));
    }

    @Test
    void metadataPointingAtBlockedAddressesIsRefusedAndNothingIsDialed() {
        java.util.List<java.net.InetSocketAddress> dialed = new java.util.concurrent.CopyOnWriteArrayList<>();
        egress.onDial(dialed::add);
        try {
            server.authorizationServer("http://169.254.169.254/latest");
            String id = createOAuthConnector(alice, org, "Metadata", server.url(), Map.of());
            as(alice).post(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(502)
                    .body("detail", containsString("can't be reached from this service"));

            server.authorizationServer(null);
            authorizationServer.metadata("token_endpoint", "http://10.0.0.1/token");
            String landed = signIn(alice, org, id);
            assertTrue(java.net.URLDecoder.decode(landed, java.nio.charset.StandardCharsets.UTF_8)
                    .contains("can't be reached from this service"), landed);
            assertTrue(dialed.stream().allMatch(a -> a.getAddress().isLoopbackAddress()), dialed.toString());
            as(alice).get(base(org) + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
        } finally {
            egress.onDial(address -> { });
        }
    }

    private static String query(java.net.URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name);
    }
}
