package io.connectors.security;

import io.connectors.config.LocalSigningKey;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.as;
import static org.hamcrest.Matchers.equalTo;

/**
 * With {@code quarkus.oidc.token.audience} set (the Kubernetes profile sets it from {@code CONNECTORS_OIDC_AUDIENCE}),
 * only access tokens issued for this service get in: a token of the same provider and issuer for another client,
 * or one that names no audience, is a 401.
 */
@QuarkusTest
@TestProfile(TokenAudienceTests.WithAudience.class)
class TokenAudienceTests {

    static final String AUDIENCE = "connectors";

    public static class WithAudience implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.token.audience", AUDIENCE);
        }
    }

    @Test
    void aTokenForThisServiceGetsIn() {
        as(token(Set.of(AUDIENCE))).get(BASE + "/mcps").then().statusCode(200);
        as(token(Set.of("other-client", AUDIENCE))).get(BASE + "/mcps").then().statusCode(200);
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        as(token(Set.of("other-client"))).get(BASE + "/mcps").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        as(token(Set.of("connectors-staging"))).get(BASE + "/mcps").then().statusCode(401);
    }

    @Test
    void aTokenWithoutAudienceIsUnauthorized() {
        as(Tokens.staff()).get(BASE + "/mcps").then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    private static String token(Set<String> audiences) {
        return Tokens.builder(Tokens.DEFAULT_USER, Tokens.DEFAULT_ORG).audience(audiences)
                .sign(LocalSigningKey.privateKey());
    }
}
