package io.connectors.oauth;

import io.connectors.error.NotFoundException;

/** The user's integration was removed while its tokens were being refreshed; the refreshed tokens are dropped. */
public class IntegrationDisconnectedException extends NotFoundException {

    public IntegrationDisconnectedException(String provider) {
        super("The " + provider + " integration was disconnected meanwhile");
    }
}
