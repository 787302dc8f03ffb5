package io.connectors.testsupport;

import io.connectors.config.LocalSigningKey;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.util.List;

/**
 * Real RS256 tokens for tests, signed with the local key that the test profile's quarkus-oidc verifies with.
 */
public final class Tokens {

    public static final String DEFAULT_ORG = "org-a";
    public static final String OTHER_ORG = "org-b";
    public static final String DEFAULT_USER = "user-1";

    private Tokens() {
    }

    /** A staff member of {@code orgs}. */
    public static String staff(String user, String... orgs) {
        return builder(user, orgs).sign(LocalSigningKey.privateKey());
    }

    /** The default staff member of {@link #DEFAULT_ORG}. */
    public static String staff() {
        return staff(DEFAULT_USER, DEFAULT_ORG);
    }

    /** An AI teammate acting for {@code orgs}. */
    public static String ai(String... orgs) {
        return builder("teammate-1", orgs).claim("actor", "ai").sign(LocalSigningKey.privateKey());
    }

    /** Client id of the agent runtime, the default of {@code connectors.auth.runtime-clients}. */
    public static final String RUNTIME_CLIENT = "agent-runtime";

    /** The agent runtime: a token issued to the runtime client ({@code azp}) that holds the runtime scope. */
    public static String runtime(String... orgs) {
        return builder(RUNTIME_CLIENT, orgs).claim("azp", RUNTIME_CLIENT).claim("scope", "connectors.runtime")
                .sign(LocalSigningKey.privateKey());
    }

    /** A token builder for cases the shortcuts don't cover (expired, other issuer…). */
    public static JwtClaimsBuilder builder(String user, String... orgs) {
        return Jwt.issuer(LocalSigningKey.ISSUER).subject(user).claim("orgs", List.of(orgs)).expiresIn(3600);
    }
}
