package io.connectors.error;

/** The caller is authenticated but may not do this (not a member, AI teammate on a human-only route…). */
public class AccessDeniedException extends ApiException {
    public AccessDeniedException(String detail) {
        super(403, "urn:problem:connectors:forbidden", detail);
    }
}
