package io.connectors.oauth;

import io.connectors.error.NotFoundException;

/** The name is no integration provider of this deployment (providers come from the predefined OAuth MCPs). */
public class IntegrationProviderNotFoundException extends NotFoundException {

    public IntegrationProviderNotFoundException(String provider) {
        super("No integration provider '" + provider + "'");
    }
}
