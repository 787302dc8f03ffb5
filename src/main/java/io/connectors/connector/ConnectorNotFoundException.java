package io.connectors.connector;

import io.connectors.error.NotFoundException;

import java.util.UUID;

/**
 * No connector with this id in the caller's organization. Another organization's connector, and an id that is not a
 * UUID at all, are reported the same way, so a 404 never tells whether the id exists elsewhere.
 */
public class ConnectorNotFoundException extends NotFoundException {

    /** {@code id} as the caller gave it (a malformed id is echoed as given). */
    public ConnectorNotFoundException(String id) {
        super("No connector " + id + " in this organization");
    }

    public ConnectorNotFoundException(UUID id) {
        this(String.valueOf(id));
    }
}
