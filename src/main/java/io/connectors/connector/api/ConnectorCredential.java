package io.connectors.connector.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whose OAuth sign-in an {@code auth: oauth} connector uses. */
@Schema(name = "ConnectorCredential", description = "user: each person signs in with their own account (default; a "
        + "teammate runs with the account of the person who enabled it); organization: one sign-in, made by a staff "
        + "member, shared by the organization")
public enum ConnectorCredential {
    @JsonProperty("user")
    USER("user"),
    @JsonProperty("organization")
    ORGANIZATION("organization");

    private final String value;

    ConnectorCredential(String value) {
        this.value = value;
    }

    /** The stored and JSON form. */
    public String value() {
        return value;
    }

    public static ConnectorCredential of(String value) {
        return ORGANIZATION.value.equals(value) ? ORGANIZATION : USER;
    }

    @Override
    public String toString() {
        return value;
    }
}
