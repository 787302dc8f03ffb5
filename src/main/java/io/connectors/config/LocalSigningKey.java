package io.connectors.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The RSA key that signs and verifies tokens in dev mode and tests, so neither needs an identity provider.
 *
 * <p>It is generated on first use and kept in {@code target/local-oidc/signing-key.der}: dev tokens keep working
 * across restarts, and test code reads the same file to sign its tokens. Never used in production, where
 * {@code quarkus.oidc.auth-server-url} or {@code quarkus.oidc.public-key} is configured.
 */
public final class LocalSigningKey {

    /** Issuer of locally signed tokens; {@code quarkus.oidc.token.issuer} is set to it. */
    public static final String ISSUER = "connectors-local";

    private static final Path KEY_FILE = Path.of("target", "local-oidc", "signing-key.der");

    private LocalSigningKey() {
    }

    /** Base64 of the DER public key, the form {@code quarkus.oidc.public-key} takes. */
    static String publicKeyBase64() {
        try {
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) privateKey();
            var spec = new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent());
            return Base64.getEncoder().encodeToString(KeyFactory.getInstance("RSA").generatePublic(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not derive the local token-verification key", e);
        }
    }

    /** The private key, created on first call. */
    public static synchronized PrivateKey privateKey() {
        try {
            Path file = KEY_FILE.toAbsolutePath();
            if (!Files.exists(file)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), "key", ".tmp");
                Files.write(temp, pair.getPrivate().getEncoded());
                // Two JVMs may race to create the key: the rename keeps exactly one.
                try {
                    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create " + KEY_FILE, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not load the local signing key " + KEY_FILE, e);
        }
    }

    /**
     * Signs an RS256 JWT with the local key. {@code claims} is serialized by the caller (JSON object text) so this
     * class stays free of JSON libraries.
     *
     * <p>Hand-written rather than with smallrye-jwt-build (which the tests use): that would make a token-minting
     * library a compile-scope part of the production application for a dev-mode convenience; this is the JDK's
     * {@code SHA256withRSA} over the two encoded parts, and quarkus-oidc verifies the result like any other token.
     */
    public static String sign(String claimsJson) {
        try {
            Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
            String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            String payload = url.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a local token", e);
        }
    }
}
