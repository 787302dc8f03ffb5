package io.connectors.oauth;

import java.util.UUID;

/**
 * Whose OAuth grant of a connector: a person's ({@code credential: user}, owner = their user id) or the
 * organization's ({@code credential: organization}, owner empty). The credential is part of the key, so no user id
 * can ever name the organization's grant.
 */
public record GrantKey(String organizationId, UUID connectorId, String credential, String owner) {

    public static final String USER = "user";
    public static final String ORGANIZATION = "organization";

    public static GrantKey of(String organizationId, UUID connectorId, boolean organizationCredential, String userId) {
        return organizationCredential ? new GrantKey(organizationId, connectorId, ORGANIZATION, "")
                : new GrantKey(organizationId, connectorId, USER, userId);
    }

    public boolean organization() {
        return ORGANIZATION.equals(credential);
    }
}
