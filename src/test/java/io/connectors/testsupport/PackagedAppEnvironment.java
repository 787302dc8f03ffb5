package io.connectors.testsupport;

import io.connectors.config.LocalSigningKey;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What the packaged application (jar or native binary, prod profile) needs to run in {@code *IT} tests: its own
 * PostgreSQL on loopback, a secrets key, the local token-verification key, and an egress guard that lets the test's
 * MCP servers on 127.0.0.1 through. The prod profile never starts an embedded database, so this resource does.
 */
public class PackagedAppEnvironment implements QuarkusTestResourceLifecycleManager {

    /** A fresh key per run: the jar must work with whatever key the operator sets. */
    public static final String SECRETS_KEY = randomKey();

    private StoppablePostgres postgres;

    @Override
    public Map<String, String> start() {
        postgres = new StoppablePostgres();
        postgres.start();
        Map<String, String> properties = new HashMap<>(postgres.datasourceProperties());
        properties.put("connectors.secrets.key", SECRETS_KEY);
        properties.put("quarkus.oidc.public-key", publicKey());
        properties.put("quarkus.oidc.token.issuer", LocalSigningKey.ISSUER);
        properties.put("connectors.egress.allow", "127.0.0.0/8,::1");
        // Production listens on all interfaces; a test run stays on loopback.
        properties.put("quarkus.http.host", "127.0.0.1");
        // The secrets-never-logged checks read the log at its most talkative.
        properties.put("quarkus.log.category.\"io.connectors\".level", "DEBUG");
        return properties;
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.stop();
        }
    }

    /** The public half of the local signing key, as {@code quarkus.oidc.public-key} takes it. */
    public static String publicKey() {
        try {
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) LocalSigningKey.privateKey();
            var spec = new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent());
            return Base64.getEncoder().encodeToString(KeyFactory.getInstance("RSA").generatePublic(spec).getEncoded());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
