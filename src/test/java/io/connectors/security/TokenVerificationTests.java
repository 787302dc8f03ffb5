package io.connectors.security;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

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
    void healthIsOpenWithoutAToken() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("database"));
    }
}
