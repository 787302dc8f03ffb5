package io.connectors.connector.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Kind of connector. Fixed at creation: switching means recreating the connector. */
@Schema(name = "ConnectorType", description = "simple: an HTTP URL plus optional headers; oauth: a predefined OAuth MCP")
public enum ConnectorType {
    @JsonProperty("simple")
    SIMPLE("simple"),
    @JsonProperty("oauth")
    OAUTH("oauth");

    private final String value;

    ConnectorType(String value) {
        this.value = value;
    }

    /** The stored and JSON form. */
    public String value() {
        return value;
    }

    public static ConnectorType of(String value) {
        return SIMPLE.value.equals(value) ? SIMPLE : OAUTH;
    }

    @Override
    public String toString() {
        return value;
    }
}
