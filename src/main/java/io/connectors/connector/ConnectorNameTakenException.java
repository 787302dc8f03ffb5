package io.connectors.connector;

import io.connectors.error.ConflictException;

/** Another connector of the organization already has this name (names are unique per organization). */
public class ConnectorNameTakenException extends ConflictException {

    public ConnectorNameTakenException(String name) {
        super("duplicate-name", "A connector named '" + (name == null ? "" : name.strip())
                + "' already exists in this organization; choose another name");
    }
}
