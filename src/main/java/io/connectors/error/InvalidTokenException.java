package io.connectors.error;

/**
 * The bearer token is signed and valid but its claims can't name a caller safely (no {@code sub}, an {@code actor}
 * of an unknown shape): 401, as for a token that failed verification, so no route runs with a guessed identity.
 */
public class InvalidTokenException extends ApiException {

    public InvalidTokenException(String detail) {
        super(401, "urn:problem:connectors:invalid-token", detail);
    }
}
