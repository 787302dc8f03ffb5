package io.connectors.connector;

import io.connectors.error.BadGatewayException;

/** Starting an OAuth sign-in failed at the connector's server or its authorization server; the text says why. */
public class ConnectorSignInFailedException extends BadGatewayException {
    public ConnectorSignInFailedException(String detail) {
        super("sign-in-failed", detail);
    }
}
