package io.connectors.error;

/** A server this service called on the caller's behalf failed or answered something unusable. */
public class BadGatewayException extends ApiException {
    public BadGatewayException(String type, String detail) {
        super(502, "urn:problem:connectors:" + type, detail);
    }
}
