package io.connectors.error;

/** The request clashes with what is stored, such as a connector name that is already taken. */
public class ConflictException extends ApiException {
    public ConflictException(String type, String detail) {
        super(409, "urn:problem:connectors:" + type, detail);
    }
}
