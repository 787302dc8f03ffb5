package io.connectors.oauth.service;

import io.connectors.oauth.IntegrationProviderNotFoundException;
import io.connectors.error.Problem.FieldError;
import io.connectors.error.ValidationException;
import io.connectors.oauth.IntegrationTokens;
import io.connectors.oauth.OAuthMcpDefinition;
import io.connectors.oauth.OAuthMcpProvider;
import io.connectors.oauth.UserIntegration;
import io.connectors.oauth.api.IntegrationRequest;
import io.connectors.oauth.api.IntegrationResponse;
import io.connectors.oauth.api.OAuthMcpResponse;
import io.connectors.oauth.repository.IntegrationRepository;
import io.connectors.secret.SecretCipher;
import io.connectors.database.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Users' OAuth integrations (tokens stored sealed) and the predefined OAuth MCPs' connection state for a user.
 */
@Singleton
public class IntegrationService {

    static final int MAX_TOKEN = 16384;

    private final IntegrationRepository repository;
    private final OAuthMcpProvider oauthMcps;
    private final SecretCipher cipher;

    public IntegrationService(IntegrationRepository repository, OAuthMcpProvider oauthMcps, SecretCipher cipher) {
        this.repository = repository;
        this.oauthMcps = oauthMcps;
        this.cipher = cipher;
    }

    /** The predefined OAuth MCPs with {@code connected} for this user: one query. */
    @WithSession
    public Uni<List<OAuthMcpResponse>> findOAuthMcps(String organizationId, String userId) {
        return repository.listForUser(organizationId, userId).map(integrations -> {
            Map<String, UserIntegration> byProvider = integrations.stream()
                    .collect(Collectors.toMap(i -> i.provider, Function.identity()));
            return oauthMcps.definitions().stream()
                    .map(d -> new OAuthMcpResponse(d.key(), d.name(), d.provider(), d.scopes(),
                            d.toolsets().stream()
                                    .map(t -> new OAuthMcpResponse.ToolsetResponse(t.name(), t.description(), t.url()))
                                    .toList(),
                            covers(byProvider.get(d.provider()), d)))
                    .toList();
        });
    }

    /** Every provider the deployment knows, with the user's state; plus any stored connection. */
    @WithSession
    public Uni<List<IntegrationResponse>> findIntegrations(String organizationId, String userId) {
        return repository.listForUser(organizationId, userId).map(integrations -> {
            Map<String, UserIntegration> byProvider = integrations.stream()
                    .collect(Collectors.toMap(i -> i.provider, Function.identity()));
            TreeSet<String> providers = new TreeSet<>(byProvider.keySet());
            oauthMcps.definitions().forEach(d -> providers.add(d.provider()));
            return providers.stream().map(p -> toResponse(p, byProvider.get(p))).toList();
        });
    }

    /** Stores (or replaces) the user's tokens for {@code provider}. */
    @WithTransaction
    public Uni<IntegrationResponse> connect(String organizationId, String userId, String provider,
            IntegrationRequest request) {
        checkProvider(provider);
        checkTokens(request);
        Instant now = Timestamps.now();
        return repository.findById(new UserIntegration.Key(organizationId, userId, provider)).chain(existing -> {
            UserIntegration integration = existing != null ? existing : new UserIntegration();
            if (existing == null) {
                integration.organizationId = organizationId;
                integration.userId = userId;
                integration.provider = provider;
                integration.createdAt = now;
            }
            integration.accessToken = cipher.encrypt(organizationId, request.accessToken());
            integration.refreshToken = request.refreshToken() == null || request.refreshToken().isBlank()
                    ? null : cipher.encrypt(organizationId, request.refreshToken());
            integration.expiresAt = request.expiresIn() == null ? null : now.plusSeconds(request.expiresIn());
            integration.scopes = request.scopes() == null ? "" : String.join(" ", request.scopes());
            integration.updatedAt = now;
            Uni<UserIntegration> stored = existing == null ? repository.persist(integration)
                    : Uni.createFrom().item(integration);
            return stored.call(repository::flush).map(i -> toResponse(provider, i));
        });
    }

    /** Removes the user's connection; removing one that isn't there is fine. */
    @WithTransaction
    public Uni<Void> disconnect(String organizationId, String userId, String provider) {
        checkProvider(provider);
        return repository.deleteForUser(organizationId, userId, provider).replaceWithVoid();
    }

    /**
     * The user's decrypted tokens for {@code provider}, if connected. Fails with {@code SecretUnreadableException}
     * when they were sealed under a key this deployment no longer has: the caller fails only what uses them.
     */
    @WithSession
    public Uni<Optional<IntegrationTokens>> findTokens(String organizationId, String userId, String provider) {
        return repository.findById(new UserIntegration.Key(organizationId, userId, provider))
                .map(i -> Optional.ofNullable(i).map(found -> new IntegrationTokens(
                        cipher.decrypt(organizationId, found.accessToken),
                        found.refreshToken == null ? null : cipher.decrypt(organizationId, found.refreshToken),
                        found.expiresAt, scopes(found))));
    }

    private static boolean covers(UserIntegration integration, OAuthMcpDefinition definition) {
        if (integration == null) {
            return false;
        }
        List<String> granted = scopes(integration);
        // A flow that recorded no scopes is trusted as granting what was asked.
        return granted.isEmpty() || granted.containsAll(definition.scopes());
    }

    private static List<String> scopes(UserIntegration integration) {
        if (integration.scopes == null || integration.scopes.isBlank()) {
            return List.of();
        }
        return Arrays.asList(integration.scopes.trim().split("\\s+"));
    }

    private static IntegrationResponse toResponse(String provider, UserIntegration integration) {
        if (integration == null) {
            return new IntegrationResponse(provider, false, List.of(), null);
        }
        return new IntegrationResponse(provider, true, scopes(integration), integration.expiresAt);
    }

    private void checkProvider(String provider) {
        if (!oauthMcps.isKnownProvider(provider)) {
            throw new IntegrationProviderNotFoundException(provider);
        }
    }

    private static void checkTokens(IntegrationRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.accessToken() == null || request.accessToken().isBlank()) {
            errors.add(new FieldError("access_token", "is required"));
        } else {
            checkToken("access_token", request.accessToken(), errors);
            checkToken("refresh_token", request.refreshToken(), errors);
            if (request.expiresIn() != null && (request.expiresIn() < 0 || request.expiresIn() > 10L * 365 * 86400)) {
                errors.add(new FieldError("expires_in", "must be a number of seconds from 0 to ten years"));
            }
            if (request.scopes() != null && request.scopes().stream().anyMatch(s -> s == null || s.isBlank()
                    || s.chars().anyMatch(Character::isWhitespace))) {
                errors.add(new FieldError("scopes", "must be scope strings without spaces"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static void checkToken(String field, String token, List<FieldError> errors) {
        if (token == null) {
            return;
        }
        if (token.length() > MAX_TOKEN) {
            errors.add(new FieldError(field, "must be at most " + MAX_TOKEN + " characters"));
        } else if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            errors.add(new FieldError(field, "must be printable ASCII without spaces"));
        }
    }
}
