package io.connectors.error;

/** The thing does not exist in this organization (another organization's rows are reported the same way). */
public class NotFoundException extends ApiException {
    public NotFoundException(String detail) {
        super(404, "urn:problem:connectors:not-found", detail);
    }
}
