package io.connectors.oauth;

import java.util.Optional;

/** An OAuth provider users connect integrations with, and how to refresh its tokens. */
public record IntegrationProvider(String name, String tokenUrl, Optional<String> clientId,
        Optional<String> clientSecret) {
}
