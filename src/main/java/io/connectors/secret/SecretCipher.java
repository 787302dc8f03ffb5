package io.connectors.secret;

import io.connectors.config.ConnectorsConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.inject.Singleton;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypts secrets at rest with AES-256-GCM.
 *
 * <p>Stored form: {@code v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>}. The key id is derived from the key itself,
 * so a value names the key that can open it and keys can be rotated: new values are written under
 * {@code connectors.secrets.key}, old ones stay readable through {@code connectors.secrets.previous-keys}. The
 * organization id is bound as associated data, so a ciphertext copied into another tenant's row does not open.
 */
@Singleton
@io.quarkus.runtime.Startup
public class SecretCipher {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Used only in dev mode and tests, which must run with nothing configured. Never valid in production. */
    private static final String LOCAL_KEY = "Y29ubmVjdG9ycy1sb2NhbC1kZXYta2V5LTMyYnl0ZXM=";

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keysById = new LinkedHashMap<>();

    public SecretCipher(ConnectorsConfig config) {
        String current = config.secrets().key().filter(k -> !k.isBlank()).orElseGet(() -> {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("connectors.secrets.key is not set. Set CONNECTORS_SECRETS_KEY to the "
                        + "base64 of 32 random bytes (for example: openssl rand -base64 32); keep it in a secret store.");
            }
            return LOCAL_KEY;
        });
        List<String> all = new ArrayList<>();
        all.add(current);
        config.secrets().previousKeys().ifPresent(all::addAll);
        String firstId = null;
        for (int i = 0; i < all.size(); i++) {
            String name = i == 0 ? "connectors.secrets.key" : "connectors.secrets.previous-keys[" + (i - 1) + "]";
            SecretKeySpec key = decodeKey(name, all.get(i).trim());
            String id = keyId(key);
            keysById.putIfAbsent(id, key);
            if (firstId == null) {
                firstId = id;
            }
        }
        this.currentKeyId = firstId;
    }

    /** Encrypts {@code plaintext} for organization {@code organizationId}. */
    public String encrypt(String organizationId, String plaintext) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keysById.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(organizationId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + currentKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    /** Opens a value written by {@link #encrypt}; fails if its key is not configured or it was tampered with. */
    public String decrypt(String organizationId, String stored) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new SecretUnreadableException("unknown secret format");
        }
        SecretKeySpec key = keysById.get(parts[1]);
        if (key == null) {
            throw new SecretUnreadableException("secret written under key " + parts[1]
                    + ", which is neither connectors.secrets.key nor one of connectors.secrets.previous-keys");
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                // Too short to hold nonce and tag: the JDK would fail with an unchecked ProviderException.
                throw new SecretUnreadableException("secret does not open with key " + parts[1]);
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(organizationId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretUnreadableException("secret does not open with key " + parts[1]);
        }
    }

    private static SecretKeySpec decodeKey(String name, String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes (base64 of 32 random bytes), got "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String keyId(SecretKeySpec key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
