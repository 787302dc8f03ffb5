package io.connectors.error;

/** A conditional request ({@code If-Match}) named a version that is no longer the stored one. */
public class PreconditionFailedException extends ApiException {
    public PreconditionFailedException(String detail) {
        super(412, "urn:problem:connectors:stale", detail);
    }
}
