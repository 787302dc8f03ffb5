package io.connectors.connector;

import io.connectors.error.ConflictException;

/** An authorization route was called on a connector that doesn't sign people in ({@code auth: headers}). */
public class ConnectorNotSignedInException extends ConflictException {
    public ConnectorNotSignedInException() {
        super("not-oauth", "This connector doesn't use OAuth sign-in; set auth to oauth first");
    }
}
