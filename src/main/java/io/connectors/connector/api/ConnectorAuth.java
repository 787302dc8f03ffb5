package io.connectors.connector.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How a simple connector authenticates to its server. */
@Schema(name = "ConnectorAuth", description = "headers: static headers (default); oauth: people sign in with OAuth "
        + "(MCP authorization) and the service attaches their bearer token")
public enum ConnectorAuth {
    @JsonProperty("headers")
    HEADERS("headers"),
    @JsonProperty("oauth")
    OAUTH("oauth");

    private final String value;

    ConnectorAuth(String value) {
        this.value = value;
    }

    /** The stored and JSON form. */
    public String value() {
        return value;
    }

    public static ConnectorAuth of(String value) {
        return OAUTH.value.equals(value) ? OAUTH : HEADERS;
    }

    @Override
    public String toString() {
        return value;
    }
}
