package io.connectors.connector;

import io.connectors.error.NotConfiguredException;

/** The deployment can't sign anyone in: {@code connectors.public-url} is not set (the text names the key). */
public class ConnectorSignInNotConfiguredException extends NotConfiguredException {
    public ConnectorSignInNotConfiguredException(String detail) {
        super("public-url-missing", detail);
    }
}
