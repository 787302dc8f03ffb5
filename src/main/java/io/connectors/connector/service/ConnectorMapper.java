package io.connectors.connector.service;

import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorListing;
import io.connectors.connector.api.AuthorizationState;
import io.connectors.connector.api.ConnectorAuth;
import io.connectors.connector.api.ConnectorCredential;
import io.connectors.connector.api.ConnectorResponse;
import io.connectors.connector.api.ConnectorType;
import io.connectors.connector.api.OAuthClient;
import io.connectors.connector.api.VersionedConnector;
import io.connectors.oauth.GrantState;
import io.connectors.oauth.Scopes;
import io.connectors.secret.Masked;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns stored connectors (the entity, or a listing row) into what the API shows: header values and the client
 * secret masked, the sign-in state as the caller sees it, and the {@code ETag} of the stored version. The one place
 * that shape is made, so no entity travels past the service.
 */
final class ConnectorMapper {

    private ConnectorMapper() {
    }

    /** The response and its ETag. */
    static VersionedConnector versioned(Connector connector, AuthorizationState authorization) {
        return new VersionedConnector(toResponse(connector, authorization), etag(connector));
    }

    /** An {@code ETag} for the stored version of a connector (strong: any write makes a new one). */
    static String etag(Connector connector) {
        return "\"" + connector.version + "\"";
    }

    /**
     * The response; {@code authorization} is the caller's view of an OAuth connector's sign-in, {@code null}
     * otherwise (an OAuth connector then reads as not signed in).
     */
    static ConnectorResponse toResponse(Connector connector, AuthorizationState authorization) {
        boolean simple = connector.isSimple();
        boolean signsIn = connector.signsIn();
        return new ConnectorResponse(connector.id, connector.organizationId, connector.name,
                ConnectorType.of(connector.type), connector.url,
                masked(connector.headers == null ? List.of() : connector.headers.keySet()), connector.oauthMcp,
                simple ? ConnectorAuth.of(connector.auth) : null,
                signsIn ? ConnectorCredential.of(connector.credential) : null,
                signsIn ? oauthClient(connector.oauthClientId, connector.oauthClientSecret != null,
                        connector.oauthClientScopes) : null,
                signsIn ? (authorization == null ? AuthorizationState.required() : authorization) : null,
                connector.createdAt, connector.updatedAt, connector.createdBy, connector.updatedBy);
    }

    static ConnectorResponse toResponse(ConnectorListing connector) {
        boolean simple = Connector.SIMPLE.equals(connector.type());
        boolean signsIn = simple && Connector.AUTH_OAUTH.equals(connector.auth());
        return new ConnectorResponse(connector.id(), connector.organizationId(), connector.name(),
                ConnectorType.of(connector.type()), connector.url(), masked(connector.headerNames()),
                connector.oauthMcp(), simple ? ConnectorAuth.of(connector.auth()) : null,
                signsIn ? ConnectorCredential.of(connector.credential()) : null,
                signsIn ? oauthClient(connector.oauthClientId(), connector.oauthClientHasSecret(),
                        connector.oauthClientScopes()) : null,
                signsIn ? authorization(connector.authorization()) : null,
                connector.createdAt(), connector.updatedAt(), connector.createdBy(), connector.updatedBy());
    }

    private static OAuthClient oauthClient(String clientId, boolean hasSecret, String scopes) {
        return clientId == null ? null
                : new OAuthClient(clientId, hasSecret ? Masked.VALUE : null, Scopes.split(scopes));
    }

    /** Header names, each with the mask for its value, in case-insensitive name order. */
    private static Map<String, String> masked(java.util.Collection<String> headerNames) {
        Map<String, String> masked = new LinkedHashMap<>();
        headerNames.stream().sorted(String.CASE_INSENSITIVE_ORDER).forEach(name -> masked.put(name, Masked.VALUE));
        return masked;
    }


    /** The caller's view of a grant, as responses show it. */
    static AuthorizationState authorization(GrantState state) {
        return new AuthorizationState(state.status(), state.scopes(), state.expiresAt(), state.lastError(),
                state.connectedBy());
    }
}
