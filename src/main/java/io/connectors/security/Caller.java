package io.connectors.security;

import java.util.Set;

/**
 * Who is calling, as the bearer token says.
 *
 * @param userId        the token's {@code sub}; integrations (OAuth connections) belong to it
 * @param organizations the organizations the caller is a member of
 * @param ai            whether the caller is an AI teammate acting through the organization-action tool
 * @param scopes        OAuth scopes the token grants
 */
public record Caller(String userId, Set<String> organizations, boolean ai, Set<String> scopes) {

    public boolean isMemberOf(String organizationId) {
        return organizations.contains(organizationId);
    }
}
