package io.connectors.security;

import java.util.Set;

/**
 * Who is calling, as the bearer token says. Built only by {@link TokenCallers}, which fails closed on claims of
 * an unexpected shape.
 *
 * @param userId        the token's {@code sub} (never blank); integrations (OAuth connections) belong to it
 * @param organizations the organizations the caller is a member of
 * @param ai            whether the caller is an AI teammate acting through the organization-action tool
 * @param runtime       whether the caller is the agent runtime: a token issued to one of
 *                      {@code connectors.auth.runtime-clients} that holds the runtime scope (never an AI teammate)
 * @param teammateId    for an AI teammate, the teammate it acts as ({@code connectors.auth.teammate-claim});
 *                      {@code null} for other callers or when the claim is not a non-blank string
 */
public record Caller(String userId, Set<String> organizations, boolean ai, boolean runtime, String teammateId) {

    public boolean isMemberOf(String organizationId) {
        return organizations.contains(organizationId);
    }
}
