package io.connectors.secret;

/** A stored secret could not be decrypted: its key is not configured, or the value was altered. */
public class SecretUnreadableException extends RuntimeException {
    public SecretUnreadableException(String message) {
        super(message);
    }
}
