package io.connectors.oauth.service;

import io.connectors.database.Timestamps;
import io.connectors.oauth.GrantKey;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.OAuthFailure.Kind;
import io.connectors.oauth.RegisteredClient;
import io.connectors.oauth.Scopes;
import io.connectors.oauth.StoredGrant;
import io.connectors.oauth.repository.ClientRegistrationRepository;
import io.connectors.oauth.repository.GrantRepository;
import io.connectors.oauth.repository.IntegrationClaimRepository;
import io.connectors.secret.SecretCipher;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands out a connector grant's access token, refreshed ahead of expiry, one refresh at a time per grant across
 * every replica.
 *
 * <p>How the single refresh works, and why this way: the house rule is "no remote call inside a transaction", so a
 * row lock held across the token request is out. Instead one conditional {@code UPDATE … RETURNING} claims the
 * refresh (a lease: {@code refresh_claim} set while no live claim exists): PostgreSQL lets exactly one statement win
 * whatever the replica. The winner calls the token endpoint with no transaction open, then stores the new access
 * token and the rotated refresh token and releases the claim in one statement that only applies while the claim is
 * still its own. Everyone else uses the current token while it is still valid, or else waits by re-reading the row
 * until the claim is gone, then uses what was stored. A replica that dies mid-refresh blocks nobody for longer than
 * the lease.
 */
@Singleton
public class TokenEngine {

    /** Refresh this long before the access token expires, so it doesn't expire mid-call. */
    public static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    /** How long a refresh claim holds; longer than the token request's deadline. */
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(100);

    private final GrantRepository grants;
    private final ClientRegistrationRepository registrations;
    private final IntegrationClaimRepository integrationClaims;
    private final TokenEndpoint endpoint;
    private final SecretCipher cipher;

    public TokenEngine(GrantRepository grants, ClientRegistrationRepository registrations,
            IntegrationClaimRepository integrationClaims, TokenEndpoint endpoint, SecretCipher cipher) {
        this.grants = grants;
        this.integrationClaims = integrationClaims;
        this.registrations = registrations;
        this.endpoint = endpoint;
        this.cipher = cipher;
    }

    /**
     * The access token to send for {@code key}, refreshed when it expires within the margin. Fails with
     * {@link OAuthFailure} {@code NOT_SIGNED_IN} (nobody signed in, or the grant expired: {@code whose} tells the
     * message whose sign-in it is and {@code reconnect} who must sign in again) or another kind when a refresh
     * failed for a passing reason.
     *
     * @param resource the connector's server, whose origin the grant must have been issued for
     */
    public Uni<String> accessToken(GrantKey key, URI resource, String whose, String reconnect) {
        return grants.find(key).flatMap(found -> use(key, found, resource, whose, reconnect, Timestamps.now()
                .plus(LEASE).plus(Duration.ofSeconds(5)), false));
    }

    /**
     * @param waited another resolution held the claim meanwhile: what it stored is used while it is valid at all,
     *               even within the margin (a server whose tokens live shorter than the margin would otherwise have
     *               every waiter refresh again in turn)
     */
    private Uni<String> use(GrantKey key, Optional<StoredGrant> found, URI resource, String whose, String reconnect,
            Instant giveUpAt, boolean waited) {
        if (found.isEmpty() || !found.get().hasToken()) {
            boolean expired = found.isPresent() && "expired".equals(found.get().status());
            return Uni.createFrom().failure(new OAuthFailure(Kind.NOT_SIGNED_IN, expired
                    ? whose + " has expired (the server no longer accepts it): " + reconnect
                    + " must sign in again on the Connectors page"
                    : whose + " is missing: " + reconnect + " must sign in on the Connectors page"));
        }
        StoredGrant grant = found.get();
        if (!issuedFor(grant, resource)) {
            return Uni.createFrom().failure(new OAuthFailure(Kind.NOT_SIGNED_IN, whose + " was made for another "
                    + "server: " + reconnect + " must sign in again on the Connectors page"));
        }
        Instant now = Timestamps.now();
        boolean usable = grant.validAt(now) && (waited && grant.claimedUntil() == null || grant.refreshToken() == null);
        if (grant.validAt(now.plus(EXPIRY_MARGIN)) || usable) {
            return Uni.createFrom().item(cipher.decrypt(key.organizationId(), grant.accessToken()));
        }
        if (grant.refreshToken() == null) {
            return Uni.createFrom().failure(new OAuthFailure(Kind.NOT_SIGNED_IN, whose + " has expired and can't "
                    + "be renewed: " + reconnect + " must sign in again on the Connectors page"));
        }
        UUID claim = UUID.randomUUID();
        return grants.claimRefresh(key, claim, LEASE).flatMap(claimed -> {
            if (claimed.isPresent()) {
                StoredGrant current = claimed.get();
                Instant at = Timestamps.now();
                if (current.validAt(at.plus(EXPIRY_MARGIN)) || waited && current.validAt(at)) {
                    // Renewed by someone else between our read and our claim: theirs is the one to use.
                    return grants.release(key, claim, null, at)
                            .replaceWith(cipher.decrypt(key.organizationId(), current.accessToken()));
                }
                return refresh(key, current, claim, whose, reconnect);
            }
            if (grant.validAt(Timestamps.now())) {
                // Someone else is renewing it; the current token still works meanwhile.
                return Uni.createFrom().item(cipher.decrypt(key.organizationId(), grant.accessToken()));
            }
            if (Timestamps.now().isAfter(giveUpAt)) {
                return Uni.createFrom().failure(new OAuthFailure(Kind.TOKEN_ERROR, "Renewing " + lower(whose)
                        + " took too long; try again"));
            }
            // Someone else is refreshing: wait for what they store.
            return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                    .chain(() -> grants.find(key))
                    .flatMap(again -> use(key, again, resource, whose, reconnect, giveUpAt, true));
        });
    }

    private Uni<String> refresh(GrantKey key, StoredGrant grant, UUID claim, String whose, String reconnect) {
        String organizationId = key.organizationId();
        RegisteredClient client = new RegisteredClient(grant.clientId(), grant.clientSecret() == null ? null
                : cipher.decrypt(organizationId, grant.clientSecret()), grant.clientAuth(), false);
        String refreshToken = cipher.decrypt(organizationId, grant.refreshToken());
        return endpoint.refresh(URI.create(grant.tokenEndpoint()), client, refreshToken, grant.resource(),
                        "the authorization server")
                .flatMap(fresh -> grants.storeRefreshed(key, claim, cipher.encrypt(organizationId,
                                fresh.accessToken()), fresh.refreshToken() == null ? null
                                : cipher.encrypt(organizationId, fresh.refreshToken()), fresh.expiresAt(),
                        fresh.scope() == null ? null : Scopes.join(List.of(fresh.scope().trim().split(" +"))),
                        Timestamps.now()).map(stored -> fresh.accessToken()))
                .onFailure(OAuthFailure.class).recoverWithUni(f -> {
                    OAuthFailure failure = (OAuthFailure) f;
                    Instant now = Timestamps.now();
                    if (failure.kind() == Kind.INVALID_GRANT || failure.kind() == Kind.INVALID_CLIENT) {
                        String message = whose + " has expired (the authorization server refused to renew it): "
                                + reconnect + " must sign in again on the Connectors page";
                        return grants.markExpired(key, claim, message, now)
                                .chain(() -> failure.kind() == Kind.INVALID_CLIENT
                                        ? registrations.forget(organizationId, grant.issuer(), grant.clientId())
                                        : Uni.createFrom().voidItem())
                                .chain(() -> Uni.createFrom().failure(new OAuthFailure(Kind.NOT_SIGNED_IN,
                                        message)));
                    }
                    String message = "Renewing " + lower(whose) + " failed: " + failure.getMessage();
                    return grants.release(key, claim, message, now).chain(() -> grant.validAt(now)
                            ? Uni.createFrom().item(cipher.decrypt(organizationId, grant.accessToken()))
                            : Uni.createFrom().failure(new OAuthFailure(failure.kind(), message)));
                });
    }

    /** Renews a user integration's tokens at its provider, given the plaintext refresh token. */
    @FunctionalInterface
    public interface Renewal {
        Uni<TokenEndpoint.Tokens> renew(String refreshToken);
    }

    /**
     * A user integration's access token (the predefined OAuth MCPs), renewed with the same single-refresh rule as
     * connectors' grants: one claim per (organization, user, provider) across replicas, the provider called outside
     * any transaction, the new tokens stored with the claim's release. A failed renewal releases the claim and fails
     * as {@code renewal} failed.
     */
    public Uni<String> integrationAccessToken(String organizationId, String userId, String provider,
            Renewal renewal) {
        return integrationAccessToken(organizationId, userId, provider, renewal,
                Timestamps.now().plus(LEASE).plus(Duration.ofSeconds(5)), false);
    }

    private Uni<String> integrationAccessToken(String organizationId, String userId, String provider,
            Renewal renewal, Instant giveUpAt, boolean waited) {
        UUID claim = UUID.randomUUID();
        return integrationClaims.claim(organizationId, userId, provider, claim, LEASE).flatMap(claimed -> {
            if (claimed.isPresent()) {
                IntegrationClaimRepository.Row row = claimed.get();
                Instant now = Timestamps.now();
                if (row.expiresAt() != null && (row.expiresAt().isAfter(now.plus(EXPIRY_MARGIN))
                        || waited && row.expiresAt().isAfter(now))) {
                    // Someone renewed it while we waited: use theirs.
                    return integrationClaims.release(organizationId, userId, provider, claim)
                            .replaceWith(cipher.decrypt(organizationId, row.accessToken()));
                }
                if (row.refreshToken() == null) {
                    return integrationClaims.release(organizationId, userId, provider, claim)
                            .chain(() -> Uni.createFrom().failure(new OAuthFailure(Kind.NOT_SIGNED_IN,
                                    "no refresh token")));
                }
                return renewal.renew(cipher.decrypt(organizationId, row.refreshToken()))
                        .call(fresh -> integrationClaims.store(organizationId, userId, provider, claim,
                                cipher.encrypt(organizationId, fresh.accessToken()), fresh.refreshToken() == null
                                        ? null : cipher.encrypt(organizationId, fresh.refreshToken()),
                                fresh.expiresAt(), Timestamps.now()))
                        .map(TokenEndpoint.Tokens::accessToken)
                        .onFailure().call(() -> integrationClaims.release(organizationId, userId, provider, claim));
            }
            return integrationClaims.find(organizationId, userId, provider).flatMap(found -> {
                Instant now = Timestamps.now();
                if (found.isEmpty()) {
                    return Uni.createFrom().failure(new OAuthFailure(Kind.NOT_SIGNED_IN, "disconnected"));
                }
                IntegrationClaimRepository.Row row = found.get();
                if (row.expiresAt() == null || row.expiresAt().isAfter(now)) {
                    return Uni.createFrom().item(cipher.decrypt(organizationId, row.accessToken()));
                }
                if (now.isAfter(giveUpAt)) {
                    return Uni.createFrom().failure(new OAuthFailure(Kind.TOKEN_ERROR, "renewal took too long"));
                }
                return Uni.createFrom().voidItem().onItem().delayIt().by(POLL)
                        .chain(() -> integrationAccessToken(organizationId, userId, provider, renewal, giveUpAt,
                                true));
            });
        });
    }

    /** The server named {@code insufficient_scope}: the grant needs a new sign-in with those scopes. */
    public Uni<Void> requireScopes(GrantKey key, List<String> scopes, String message) {
        return grants.find(key).flatMap(found -> {
            java.util.LinkedHashSet<String> wanted = new java.util.LinkedHashSet<>();
            found.ifPresent(g -> wanted.addAll(Scopes.split(g.scopes())));
            wanted.addAll(scopes);
            return grants.requireScopes(key, Scopes.join(wanted), message, Timestamps.now());
        });
    }

    /** Tokens are issued for one server: a grant is used only with the origin it was signed in for. */
    private static boolean issuedFor(StoredGrant grant, URI resource) {
        if (grant.resource() == null || resource == null) {
            return false;
        }
        try {
            URI issued = new URI(grant.resource());
            return origin(issued).equals(origin(resource));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    private static String lower(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
