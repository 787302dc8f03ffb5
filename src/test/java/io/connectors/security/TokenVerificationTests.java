package io.connectors.security;

import io.connectors.config.LocalSigningKey;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.ORG;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.asStaff;
import static io.connectors.testsupport.Api.createConnector;
import static io.connectors.testsupport.Api.createDefaultConnector;
import static io.connectors.testsupport.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only tokens signed by the trusted key, for the trusted issuer, still valid, get in. */
@QuarkusTest
class TokenVerificationTests {

    @Test
    void garbageTokenIsUnauthorized() {
        as("not-a-jwt").get(BASE + "/mcps").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
    }

    @Test
    void tokenSignedByAnotherKeyIsUnauthorized() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Tokens.builder("mallory", "org-a").sign(generator.generateKeyPair().getPrivate());
        as(forged).get(BASE + "/mcps").then().statusCode(401);
    }

    @Test
    void tokenFromAnotherIssuerIsUnauthorized() {
        String other = Jwt.issuer("https://issuer.example.com").subject("u").claim("orgs", List.of("org-a"))
                .expiresIn(600).sign(io.connectors.config.LocalSigningKey.privateKey());
        as(other).get(BASE + "/mcps").then().statusCode(401);
    }

    @Test
    void expiredTokenIsUnauthorized() {
        String expired = Tokens.builder("u", "org-a").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(io.connectors.config.LocalSigningKey.privateKey());
        as(expired).get(BASE + "/mcps").then().statusCode(401);
    }

    @Test
    void tokenWithoutOrganizationsIsForbidden() {
        String none = Jwt.issuer(io.connectors.config.LocalSigningKey.ISSUER).subject("u").expiresIn(600)
                .sign(io.connectors.config.LocalSigningKey.privateKey());
        as(none).get(BASE + "/mcps").then().statusCode(403);
    }

    @Test
    void invalidOrganizationIdIsRejected() {
        as(Tokens.staff()).get("/api/organizations/bad%20org/mcps").then().statusCode(400);
    }

    @Test
    void tokenWithoutSubjectIsUnauthorized() {
        String noSubject = Jwt.issuer(LocalSigningKey.ISSUER).claim("orgs", List.of(ORG)).expiresIn(600)
                .sign(LocalSigningKey.privateKey());
        as(noSubject).get(BASE + "/mcps").then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("sub"));
        String blankSubject = Tokens.builder("  ", ORG).sign(LocalSigningKey.privateKey());
        as(blankSubject).get(BASE + "/mcps").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aiActorIsRecognizedInAnyCaseAndAsAnArray() {
        for (Object actor : List.of(List.of("ai"), "AI", List.of("staff", "Ai"), " ai ")) {
            String id = createConnector(createDefaultConnector());
            String token = Tokens.builder("teammate-1", ORG).claim("actor", actor).sign(LocalSigningKey.privateKey());
            as(token).delete(BASE + "/mcps/mcp/" + id).then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString("delete_mcp"));
            asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        }
    }

    @Test
    void oddActorClaimShapesNeverMakeStaff() {
        // Numbers, objects, nested arrays, booleans: none of them is a person; the token is refused.
        for (Object actor : List.of(7, Map.of("kind", "ai"), List.of(List.of("ai")), true, List.of("staff", 1))) {
            String id = createConnector(createDefaultConnector());
            String token = Tokens.builder("teammate-1", ORG).claim("actor", actor).sign(LocalSigningKey.privateKey());
            int status = as(token).delete(BASE + "/mcps/mcp/" + id).then()
                    .contentType("application/problem+json").extract().statusCode();
            assertEquals(401, status, "actor " + actor);
            asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        }
    }

    @Test
    void organizationsClaimCountsOnlyStrings() {
        String numeric = Tokens.builder("u", ORG).claim("orgs", List.of(7, Map.of("id", ORG), List.of(ORG)))
                .sign(LocalSigningKey.privateKey());
        as(numeric).get(BASE + "/mcps").then().statusCode(403);
        as(numeric).get("/api/organizations/7/mcps").then().statusCode(403);
    }

    @Test
    void runtimeViewNeedsTheRuntimeScopeFromARuntimeClient() {
        String runtime = BASE + "/mcps/employee/" + uniqueName("emp") + "/runtime";
        as(Tokens.runtime(ORG)).get(runtime).then().statusCode(200);
        String staffWithScope = Tokens.builder(Tokens.DEFAULT_USER, ORG).claim("scope", "connectors.runtime")
                .sign(LocalSigningKey.privateKey());
        as(staffWithScope).get(runtime).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("runtime"));
        String otherClient = Tokens.builder("svc", ORG).claim("azp", "some-app").claim("scope", "connectors.runtime")
                .sign(LocalSigningKey.privateKey());
        as(otherClient).get(runtime).then().statusCode(403);
        String clientIdClaim = Tokens.builder("svc", ORG).claim("client_id", Tokens.RUNTIME_CLIENT)
                .claim("scope", "openid connectors.runtime").sign(LocalSigningKey.privateKey());
        as(clientIdClaim).get(runtime).then().statusCode(200);
        String scpArray = Tokens.builder("svc", ORG).claim("azp", Tokens.RUNTIME_CLIENT)
                .claim("scp", List.of("connectors.runtime")).sign(LocalSigningKey.privateKey());
        as(scpArray).get(runtime).then().statusCode(200);
    }

    @Test
    void runtimeClientWithoutTheScopeIsForbidden() {
        String runtime = BASE + "/mcps/employee/" + uniqueName("emp") + "/runtime";
        String noScope = Tokens.builder(Tokens.RUNTIME_CLIENT, ORG).claim("azp", Tokens.RUNTIME_CLIENT)
                .claim("scope", "openid").sign(LocalSigningKey.privateKey());
        as(noScope).get(runtime).then().statusCode(403);
    }

    @Test
    void oddRuntimeClaimShapesGrantNothing() {
        String runtime = BASE + "/mcps/employee/" + uniqueName("emp") + "/runtime";
        List<String> tokens = List.of(
                Tokens.builder("svc", ORG).claim("azp", List.of(Tokens.RUNTIME_CLIENT))
                        .claim("scope", "connectors.runtime").sign(LocalSigningKey.privateKey()),
                Tokens.builder("svc", ORG).claim("client_id", Map.of("id", Tokens.RUNTIME_CLIENT))
                        .claim("scope", "connectors.runtime").sign(LocalSigningKey.privateKey()),
                Tokens.builder("svc", ORG).claim("azp", Tokens.RUNTIME_CLIENT)
                        .claim("scope", List.of(List.of("connectors.runtime"))).sign(LocalSigningKey.privateKey()),
                Tokens.builder("svc", ORG).claim("azp", Tokens.RUNTIME_CLIENT)
                        .claim("scp", List.of(Map.of("s", "connectors.runtime"))).sign(LocalSigningKey.privateKey()),
                Tokens.builder("svc", ORG).claim("azp", Tokens.RUNTIME_CLIENT).claim("actor", "ai")
                        .claim("scope", "connectors.runtime").sign(LocalSigningKey.privateKey()));
        for (String token : tokens) {
            as(token).get(runtime).then().statusCode(403);
        }
    }

    @Test
    void healthIsOpenWithoutAToken() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("database"));
    }
}
