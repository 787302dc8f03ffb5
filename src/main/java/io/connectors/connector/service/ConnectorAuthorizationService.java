package io.connectors.connector.service;

import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorNotSignedInException;
import io.connectors.connector.ConnectorSignInFailedException;
import io.connectors.connector.ConnectorSignInNotConfiguredException;
import io.connectors.connector.api.AuthorizationStartResponse;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.Scopes;
import io.connectors.oauth.service.ClientRegistrar.PreRegistered;
import io.connectors.oauth.service.ConnectorSignIn;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.UUID;

/**
 * Signing a person (or, for {@code credential: organization}, the organization through a staff member) in to an
 * {@code auth: oauth} connector, and forgetting that sign-in. The OAuth work itself is {@link ConnectorSignIn}'s.
 */
@Singleton
public class ConnectorAuthorizationService {

    private final ConnectorService connectors;
    private final ConnectorSignIn signIn;

    public ConnectorAuthorizationService(ConnectorService connectors, ConnectorSignIn signIn) {
        this.connectors = connectors;
        this.signIn = signIn;
    }

    /** Starts a sign-in for the browser holding {@code browserNonce} (the callback must come back to it). */
    public Uni<AuthorizationStartResponse> startSignIn(String organizationId, String userId, UUID id,
            String browserNonce) {
        return connectors.findConnector(organizationId, id).flatMap(connector -> {
            requireSignIn(connector);
            PreRegistered client = connector.oauthClientId == null ? null
                    : new PreRegistered(connector.oauthClientId, connectors.decryptOAuthClientSecret(connector));
            ConnectorSignIn.Target target = new ConnectorSignIn.Target(ConnectorService.grantKey(connector, userId),
                    userId, URI.create(connector.url), client, Scopes.split(connector.oauthClientScopes));
            return signIn.start(target, browserNonce)
                    .map(started -> new AuthorizationStartResponse(started.authorizationUrl(), started.expiresAt()))
                    .onFailure(OAuthFailure.class).transform(f -> ((OAuthFailure) f).kind()
                            == OAuthFailure.Kind.NOT_CONFIGURED
                            ? new ConnectorSignInNotConfiguredException(f.getMessage())
                            : new ConnectorSignInFailedException(f.getMessage()));
        });
    }

    /** Forgets the caller's grant (or the organization's) and revokes it where the server allows. */
    public Uni<Void> forgetSignIn(String organizationId, String userId, UUID id) {
        return connectors.findConnector(organizationId, id).flatMap(connector -> {
            requireSignIn(connector);
            return signIn.forget(ConnectorService.grantKey(connector, userId));
        });
    }

    private static void requireSignIn(Connector connector) {
        if (!connector.signsIn()) {
            throw new ConnectorNotSignedInException();
        }
    }
}
