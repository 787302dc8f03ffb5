package io.connectors.oauth.service;

import io.connectors.config.ConnectorsConfig;
import io.connectors.database.Timestamps;
import io.connectors.oauth.GrantKey;
import io.connectors.oauth.GrantState;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.OAuthFailure.Kind;
import io.connectors.oauth.RegisteredClient;
import io.connectors.oauth.Scopes;
import io.connectors.oauth.SignInAttempt;
import io.connectors.oauth.StoredGrant;
import io.connectors.oauth.repository.GrantRepository;
import io.connectors.oauth.repository.SignInRepository;
import io.connectors.oauth.service.ClientRegistrar.PreRegistered;
import io.connectors.secret.SecretCipher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The OAuth sign-in of a connector (MCP authorization 2025-11-25): discovery, registration, the authorization URL
 * with PKCE (S256), {@code state} and the RFC 8707 {@code resource}, then the callback's code exchange with the
 * RFC 9207 {@code iss} check, and forgetting (RFC 7009 revocation). The state is 256 random bits; only its SHA-256
 * is stored, with the organization, user and connector it was issued for; it works once and for ten minutes.
 * The callback must also come back to the browser that started the sign-in ({@link #BROWSER_COOKIE}, its hash stored
 * with the state): otherwise a link started by one person and opened by another would put the second person's
 * account into the first one's grant.
 */
@Singleton
public class ConnectorSignIn {

    public static final String CALLBACK_PATH = "/oauth/callback";
    public static final Duration SIGN_IN_TIME = Duration.ofMinutes(10);
    static final String PUBLIC_URL_MISSING = "OAuth sign-in needs the service's external address: an operator sets "
            + "connectors.public-url (CONNECTORS_PUBLIC_URL), and registers <public-url>" + CALLBACK_PATH
            + " as the redirect URI where a client is pre-registered";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthorizationDiscovery discovery;
    private final ClientRegistrar registrar;
    private final TokenEndpoint tokens;
    private final SignInRepository signIns;
    private final GrantRepository grants;
    private final SecretCipher cipher;
    private final ConnectorsConfig config;

    public ConnectorSignIn(AuthorizationDiscovery discovery, ClientRegistrar registrar, TokenEndpoint tokens,
            SignInRepository signIns, GrantRepository grants, SecretCipher cipher, ConnectorsConfig config) {
        this.discovery = discovery;
        this.registrar = registrar;
        this.tokens = tokens;
        this.signIns = signIns;
        this.grants = grants;
        this.cipher = cipher;
        this.config = config;
    }

    /** What to sign in to, and as whom. {@code client} is the connector's pre-registered client or null. */
    public record Target(GrantKey key, String userId, URI server, PreRegistered client, List<String> clientScopes) {
    }

    /** Name of the cookie that ties a sign-in to the browser that started it. */
    public static final String BROWSER_COOKIE = "connectors_oauth_browser";

    /** A new random browser nonce, for a browser that has none yet. */
    public static String newBrowserNonce() {
        return random();
    }

    /** Whether a cookie value is one of ours in shape (43 base64url characters). */
    public static boolean isBrowserNonce(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(c -> (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    /** Where to send the browser, and until when that works. */
    public record Started(String authorizationUrl, Instant expiresAt) {

        @Override
        public String toString() {
            return "Started[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * The service's external base URL without a trailing slash, if configured. Read at each use rather than at
     * start: dev and test profiles derive it from the port the server actually listens on, known only once it does.
     */
    public Optional<String> publicUrl() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("connectors.public-url", String.class).map(String::strip).filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    /**
     * Starts a sign-in; a failure is recorded as the grant's last error (so the page can show it) and fails with
     * {@link OAuthFailure}.
     */
    public Uni<Started> start(Target target, String browserNonce) {
        Optional<String> publicUrl = publicUrl();
        if (publicUrl.isEmpty()) {
            return fail(target.key(), new OAuthFailure(Kind.NOT_CONFIGURED, PUBLIC_URL_MISSING));
        }
        String redirectUri = publicUrl.get() + CALLBACK_PATH;
        return grants.findState(target.key())
                .flatMap(state -> discovery.discover(target.server()).flatMap(found -> registrar
                        .clientFor(target.key().organizationId(), found.server(), target.client(), publicUrl.get(),
                                redirectUri)
                        .flatMap(client -> begin(target, browserNonce, found, client, redirectUri,
                                scopes(state, found, target)))))
                .onFailure(OAuthFailure.class).call(f -> grants.recordFailure(target.key(), f.getMessage(),
                        Timestamps.now()));
    }

    private Uni<Started> fail(GrantKey key, OAuthFailure failure) {
        return grants.recordFailure(key, failure.getMessage(), Timestamps.now())
                .chain(() -> Uni.createFrom().failure(failure));
    }

    /**
     * Scopes to ask for: those a server named in an {@code insufficient_scope} challenge, with the 401 challenge's
     * {@code scope}; else the protected resource metadata's {@code scopes_supported}; else the pre-registered
     * client's scopes.
     */
    private static List<String> scopes(GrantState state, AuthorizationDiscovery.Discovered found, Target target) {
        LinkedHashSet<String> scopes = new LinkedHashSet<>();
        if (GrantState.REQUIRED.equals(state.status())) {
            scopes.addAll(state.scopes());
        }
        scopes.addAll(found.challengeScopes());
        if (scopes.isEmpty()) {
            scopes.addAll(found.resourceScopes());
        }
        if (scopes.isEmpty() && target.clientScopes() != null) {
            scopes.addAll(target.clientScopes());
        }
        return new ArrayList<>(scopes);
    }

    private Uni<Started> begin(Target target, String browserNonce, AuthorizationDiscovery.Discovered found,
            RegisteredClient client, String redirectUri, List<String> scopes) {
        String state = random();
        String verifier = random();
        Instant now = Timestamps.now();
        Instant expiresAt = now.plus(SIGN_IN_TIME);
        String organizationId = target.key().organizationId();
        AuthorizationDiscovery.ServerMetadata server = found.server();
        SignInAttempt attempt = new SignInAttempt(target.key(), target.userId(), hash(browserNonce),
                cipher.encrypt(organizationId, verifier), redirectUri, server.issuer(),
                server.issuerParameterSupported(), server.tokenEndpoint().toString(),
                server.revocationEndpoint() == null ? null : server.revocationEndpoint().toString(),
                client.clientId(), client.clientSecret() == null ? null
                        : cipher.encrypt(organizationId, client.clientSecret()),
                client.authMethod(), client.registered(), found.resource(), Scopes.join(scopes), expiresAt);
        StringBuilder url = new StringBuilder(server.authorizationEndpoint().toString());
        url.append(server.authorizationEndpoint().getRawQuery() == null ? '?' : '&');
        url.append("response_type=code");
        param(url, "client_id", client.clientId());
        param(url, "redirect_uri", redirectUri);
        param(url, "code_challenge", challenge(verifier));
        param(url, "code_challenge_method", "S256");
        param(url, "state", state);
        param(url, "resource", found.resource());
        if (!scopes.isEmpty()) {
            param(url, "scope", Scopes.join(scopes));
        }
        return signIns.insert(hash(state), attempt, now).replaceWith(new Started(url.toString(), expiresAt));
    }

    /** How a callback ended: the connector it was for (when known) and, when it failed, why in plain words. */
    public record Finished(UUID connectorId, String error) {
    }

    /**
     * Finishes a sign-in from the authorization server's redirect. A forged, used or expired state stores nothing;
     * anything else records its outcome on the grant.
     */
    public Uni<Finished> finish(String code, String state, String issuer, String error, String browserNonce) {
        if (state == null || state.isEmpty() || state.length() > 256) {
            return Uni.createFrom().item(new Finished(null, "The sign-in answer has no valid state; start the "
                    + "sign-in again from the Connectors page"));
        }
        return signIns.take(hash(state)).flatMap(taken -> {
            if (taken.isEmpty()) {
                return Uni.createFrom().item(new Finished(null, "This sign-in link is unknown or was already used; "
                        + "start the sign-in again from the Connectors page"));
            }
            SignInAttempt attempt = taken.get();
            GrantKey key = attempt.key();
            Instant now = Timestamps.now();
            String problem = null;
            if (!isBrowserNonce(browserNonce) || !MessageDigest.isEqual(hash(browserNonce).getBytes(
                    StandardCharsets.US_ASCII), attempt.browserHash().getBytes(StandardCharsets.US_ASCII))) {
                // Someone else's sign-in link opened in this browser: its account must not land in their grant.
                problem = "This sign-in was started in another browser (or its cookie is gone); nothing was stored: "
                        + "start the sign-in again from the Connectors page in this browser";
            } else if (!attempt.expiresAt().isAfter(now)) {
                problem = "The sign-in took longer than " + SIGN_IN_TIME.toMinutes() + " minutes; start it again";
            } else if (error != null) {
                String codeText = TokenEndpoint.safeCode(error);
                problem = "The authorization server did not grant access" + (codeText == null ? "" : " ("
                        + codeText + ")");
            } else if (issuer != null ? !issuer.equals(attempt.issuer()) : attempt.issuerParameter()) {
                // RFC 9207: an answer from another authorization server than the one asked (mix-up) is refused.
                problem = "The sign-in answer did not come from the authorization server it was started with; "
                        + "nothing was stored";
            } else if (code == null || code.isEmpty() || code.length() > 4096) {
                problem = "The sign-in answer has no authorization code";
            }
            if (problem != null) {
                Uni<Void> forget = error != null && ("invalid_client".equals(error)
                        || "unauthorized_client".equals(error))
                        ? registrar.forget(key.organizationId(), attempt.issuer(), client(attempt))
                        : Uni.createFrom().voidItem();
                String message = problem;
                return forget.chain(() -> grants.recordFailure(key, message, now))
                        .replaceWith(new Finished(key.connectorId(), message));
            }
            RegisteredClient client = client(attempt);
            String verifier = cipher.decrypt(key.organizationId(), attempt.codeVerifier());
            return tokens.exchangeCode(URI.create(attempt.tokenEndpoint()), client, code, verifier,
                            attempt.redirectUri(), attempt.resource(), "the authorization server")
                    .flatMap(issued -> grants.storeSignIn(key, cipher.encrypt(key.organizationId(),
                                    issued.accessToken()),
                            issued.refreshToken() == null ? null
                                    : cipher.encrypt(key.organizationId(), issued.refreshToken()),
                            issued.expiresAt(), issued.scope() != null ? issued.scope() : attempt.scopes(),
                            attempt.userId(), attempt.issuer(), attempt.tokenEndpoint(),
                            attempt.revocationEndpoint(), attempt.clientId(), attempt.clientSecret(),
                            attempt.clientAuth(), attempt.resource(), Timestamps.now()))
                    .replaceWith(new Finished(key.connectorId(), null))
                    .onFailure(OAuthFailure.class).recoverWithUni(f -> {
                        OAuthFailure failure = (OAuthFailure) f;
                        String message = failure.kind() == Kind.INVALID_CLIENT && client.registered()
                                ? failure.getMessage() + "; this service registers again: sign in again"
                                : failure.getMessage();
                        Uni<Void> forget = failure.kind() == Kind.INVALID_CLIENT
                                ? registrar.forget(key.organizationId(), attempt.issuer(), client)
                                : Uni.createFrom().voidItem();
                        return forget.chain(() -> grants.recordFailure(key, message, Timestamps.now()))
                                .replaceWith(new Finished(key.connectorId(), message));
                    });
        });
    }

    /**
     * Forgets the grant, then revokes its tokens where the authorization server offers RFC 7009 revocation. A failed
     * revocation is logged (without the token) and the grant stays forgotten.
     */
    public Uni<Void> forget(GrantKey key) {
        return grants.delete(key).flatMap(deleted -> {
            if (deleted.isEmpty() || deleted.get().revocationEndpoint() == null) {
                return Uni.createFrom().voidItem();
            }
            StoredGrant grant = deleted.get();
            String organizationId = key.organizationId();
            RegisteredClient client = new RegisteredClient(grant.clientId(), grant.clientSecret() == null ? null
                    : cipher.decrypt(organizationId, grant.clientSecret()), grant.clientAuth(), false);
            URI endpoint = URI.create(grant.revocationEndpoint());
            Uni<Void> refresh = grant.refreshToken() == null ? Uni.createFrom().voidItem()
                    : tokens.revoke(endpoint, client, cipher.decrypt(organizationId, grant.refreshToken()),
                            "refresh_token", "the authorization server");
            Uni<Void> access = grant.accessToken() == null ? Uni.createFrom().voidItem()
                    : tokens.revoke(endpoint, client, cipher.decrypt(organizationId, grant.accessToken()),
                            "access_token", "the authorization server");
            return refresh.chain(() -> access)
                    .onFailure().recoverWithUni(f -> {
                        Log.warnf("Revoking the forgotten OAuth grant of connector %s at %s failed: %s",
                                key.connectorId(), grant.issuer(), f instanceof OAuthFailure ? f.getMessage()
                                        : f.getClass().getSimpleName());
                        return Uni.createFrom().voidItem();
                    });
        });
    }

    private RegisteredClient client(SignInAttempt attempt) {
        return new RegisteredClient(attempt.clientId(), attempt.clientSecret() == null ? null
                : cipher.decrypt(attempt.key().organizationId(), attempt.clientSecret()), attempt.clientAuth(),
                attempt.registered());
    }

    private static void param(StringBuilder url, String name, String value) {
        url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    static String hash(String state) {
        return HexFormat.of().formatHex(sha256(state));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
