package io.connectors.error;

/** The deployment lacks a setting this request needs; the detail names the key an operator sets. */
public class NotConfiguredException extends ApiException {
    public NotConfiguredException(String type, String detail) {
        super(503, "urn:problem:connectors:" + type, detail);
    }
}
