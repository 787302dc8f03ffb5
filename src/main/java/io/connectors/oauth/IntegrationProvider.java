package io.connectors.oauth;

import java.util.Optional;

/** An OAuth provider users connect integrations with, and how to refresh its tokens. */
public record IntegrationProvider(String name, String tokenUrl, Optional<String> clientId,
        Optional<String> clientSecret) {

    @Override
    public String toString() {
        return "IntegrationProvider[name=" + name + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=" + clientSecret.map(s -> "(set)").orElse("(unset)") + "]";
    }
}
