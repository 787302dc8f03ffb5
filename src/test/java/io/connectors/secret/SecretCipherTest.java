package io.connectors.secret;

import io.connectors.config.ConnectorsConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Secrets at rest: what a key rotation keeps readable, what a changed byte or a copy into another organization does
 * (nothing opens, no plaintext comes out), and that a bad key stops the service at start with a reason.
 */
class SecretCipherTest {

    private static final String KEY_A = randomKey();
    private static final String KEY_B = randomKey();
    private static final String SECRET = "ghp_live-token-value";

    @Test
    void rotationKeepsOldValuesReadableAndWritesUnderTheNewKey() {
        SecretCipher before = cipher(KEY_A);
        String underA = before.encrypt("org-a", SECRET);

        SecretCipher rotated = cipher(KEY_B, KEY_A);
        assertThat(rotated.decrypt("org-a", underA), equalTo(SECRET));

        String underB = rotated.encrypt("org-a", SECRET);
        assertThat(keyId(underB), not(equalTo(keyId(underA))));
        assertThat(keyId(underB), equalTo(keyId(cipher(KEY_B).encrypt("org-a", "x"))));
        // The old key alone cannot read what was written after the rotation.
        SecretUnreadableException refused = assertThrows(SecretUnreadableException.class,
                () -> before.decrypt("org-a", underB));
        assertThat(refused.getMessage(), containsString("written under key " + keyId(underB)));
    }

    @Test
    void aValueWrittenUnderAKeyNoLongerConfiguredIsUnreadable() {
        String underA = cipher(KEY_A).encrypt("org-a", SECRET);
        SecretUnreadableException refused = assertThrows(SecretUnreadableException.class,
                () -> cipher(KEY_B).decrypt("org-a", underA));
        assertThat(refused.getMessage(), containsString("neither connectors.secrets.key nor one of "
                + "connectors.secrets.previous-keys"));
        assertThat(refused.getMessage(), not(containsString(SECRET)));
    }

    @Test
    void everyChangedByteOfNonceCiphertextOrTagIsRefused() {
        SecretCipher cipher = cipher(KEY_A);
        String stored = cipher.encrypt("org-a", SECRET);
        String prefix = stored.substring(0, stored.lastIndexOf(':') + 1);
        byte[] sealed = Base64.getDecoder().decode(stored.substring(prefix.length()));
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            String altered = prefix + Base64.getEncoder().encodeToString(tampered);
            SecretUnreadableException refused = assertThrows(SecretUnreadableException.class,
                    () -> cipher.decrypt("org-a", altered), "byte " + i);
            assertThat(refused.getMessage(), equalTo("secret does not open with key " + keyId(stored)));
        }
        // Cut short (tag missing) and not base64 at all: refused the same way.
        String truncated = prefix + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sealed, 20));
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt("org-a", truncated));
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt("org-a", prefix + "***"));
        assertThat(cipher.decrypt("org-a", stored), equalTo(SECRET));
    }

    @Test
    void aValueSealedForOneOrganizationDoesNotOpenForAnother() {
        SecretCipher cipher = cipher(KEY_A);
        String forOrgA = cipher.encrypt("org-a", SECRET);
        SecretUnreadableException refused = assertThrows(SecretUnreadableException.class,
                () -> cipher.decrypt("org-b", forOrgA));
        assertThat(refused.getMessage(), not(containsString(SECRET)));
        // Not even an organization id that shares a prefix.
        assertThrows(SecretUnreadableException.class, () -> cipher.decrypt("org-a2", forOrgA));
        assertThat(cipher.decrypt("org-a", forOrgA), equalTo(SECRET));
    }

    @Test
    void twoEncryptionsOfTheSameValueDiffer() {
        SecretCipher cipher = cipher(KEY_A);
        assertThat(cipher.encrypt("org-a", SECRET), not(equalTo(cipher.encrypt("org-a", SECRET))));
        assertThat(cipher.encrypt("org-a", SECRET), startsWith("v1:"));
    }

    @Test
    void unknownFormatsAndVersionsAreUnreadable() {
        SecretCipher cipher = cipher(KEY_A);
        String stored = cipher.encrypt("org-a", SECRET);
        for (String value : List.of("", SECRET, "v1:only-two", "v2" + stored.substring(2), "V1" + stored.substring(2),
                stored.substring(3))) {
            SecretUnreadableException refused = assertThrows(SecretUnreadableException.class,
                    () -> cipher.decrypt("org-a", value), value);
            assertThat(refused.getMessage(), equalTo("unknown secret format"));
        }
    }

    @Test
    void aKeyThatIsNotThirtyTwoBytesStopsTheStart() {
        String sixteen = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalStateException current = assertThrows(IllegalStateException.class, () -> cipher(sixteen));
        assertThat(current.getMessage(), equalTo(
                "connectors.secrets.key must be 32 bytes (base64 of 32 random bytes), got 16"));
        IllegalStateException previous = assertThrows(IllegalStateException.class, () -> cipher(KEY_A, sixteen));
        assertThat(previous.getMessage(), equalTo(
                "connectors.secrets.previous-keys[0] must be 32 bytes (base64 of 32 random bytes), got 16"));
    }

    @Test
    void aKeyThatIsNotBase64StopsTheStart() {
        IllegalStateException current = assertThrows(IllegalStateException.class, () -> cipher("not base64!"));
        assertThat(current.getMessage(), equalTo("connectors.secrets.key is not valid base64"));
        IllegalStateException previous = assertThrows(IllegalStateException.class,
                () -> cipher(KEY_A, KEY_B, "%%%"));
        assertThat(previous.getMessage(), equalTo("connectors.secrets.previous-keys[1] is not valid base64"));
    }

    @Test
    void noKeyOutsideDevModeAndTestsStopsTheStartWithWhatToSet() {
        // Outside Quarkus the launch mode is the production one.
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> cipher(null));
        assertThat(missing.getMessage(), startsWith("connectors.secrets.key is not set. Set CONNECTORS_SECRETS_KEY"));
        assertThrows(IllegalStateException.class, () -> cipher("  "));
    }

    private static String keyId(String stored) {
        return stored.split(":", 3)[1];
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A cipher configured with {@code key} and, after it, the previous keys (the rest of the configuration unused). */
    private static SecretCipher cipher(String key, String... previousKeys) {
        ConnectorsConfig.Secrets secrets = new ConnectorsConfig.Secrets() {
            @Override
            public Optional<String> key() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<List<String>> previousKeys() {
                return previousKeys.length == 0 ? Optional.empty() : Optional.of(List.of(previousKeys));
            }
        };
        ConnectorsConfig config = (ConnectorsConfig) Proxy.newProxyInstance(ConnectorsConfig.class.getClassLoader(),
                new Class<?>[] { ConnectorsConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("secrets")) {
                        return secrets;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new SecretCipher(config);
    }
}
