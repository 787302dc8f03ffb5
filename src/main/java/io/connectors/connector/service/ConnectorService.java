package io.connectors.connector.service;

import io.connectors.action.OrganizationAction.AiRestriction;
import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorOrigin;
import io.connectors.connector.ConnectorNameTakenException;
import io.connectors.connector.ConnectorNotFoundException;
import io.connectors.connector.api.ConnectorRequest;
import io.connectors.connector.api.ConnectorResponse;
import io.connectors.connector.api.VersionedConnector;
import io.connectors.connector.api.ConnectorAuth;
import io.connectors.connector.api.ConnectorCredential;
import io.connectors.connector.api.ConnectorType;
import io.connectors.connector.api.OAuthClient;
import io.connectors.oauth.GrantKey;
import io.connectors.oauth.Scopes;
import io.connectors.oauth.service.GrantService;
import io.connectors.connector.repository.ConnectorRepository;
import io.connectors.error.AccessDeniedException;
import io.connectors.error.ConflictException;
import io.connectors.error.PreconditionFailedException;
import io.connectors.error.Problem.FieldError;
import io.connectors.error.SqlViolations;
import io.connectors.error.ValidationException;
import io.connectors.secret.Masked;
import io.connectors.secret.SecretCipher;
import io.connectors.variable.VariableTemplate;
import io.connectors.variable.service.VariableService;
import io.connectors.database.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An organization's connector registry: reads, validated writes, secrets sealed before they are stored. Header
 * values are bound to the origin they were given for ({@link ConnectorOrigin}): a write that moves a connector to
 * another origin must give every value again.
 */
@Singleton
public class ConnectorService {

    static final String STALE = "The connector was changed since you loaded it; reload it and apply your change "
            + "again";
    static final String VALUE_FOR_ANOTHER_SERVER_SECRET = "the connector now points to another server; give the "
            + "client secret again";
    static final String VALUE_FOR_ANOTHER_SERVER = "the connector now points to another server; give this header's "
            + "value again";

    private final ConnectorRepository repository;
    private final ConnectorRules rules;
    private final SecretCipher cipher;
    private final VariableService variables;
    private final GrantService grants;

    public ConnectorService(ConnectorRepository repository, ConnectorRules rules, SecretCipher cipher,
            VariableService variables, GrantService grants) {
        this.repository = repository;
        this.rules = rules;
        this.cipher = cipher;
        this.variables = variables;
        this.grants = grants;
    }

    /**
     * One page of connectors ordered by name; read {@code limit + 1} rows to know whether more follow. OAuth
     * connectors carry their sign-in state as {@code callerId} sees it.
     */
    public Uni<List<ConnectorResponse>> listConnectors(String organizationId, String callerId, String afterName,
            int limit) {
        return repository.listPage(organizationId, callerId, afterName, limit)
                .map(rows -> rows.stream().map(ConnectorMapper::toResponse).toList());
    }

    /** The response for one connector with its ETag: its sign-in state as {@code callerId} sees it, if it has one. */
    private Uni<VersionedConnector> describe(Connector connector, String callerId) {
        if (!connector.signsIn()) {
            return Uni.createFrom().item(ConnectorMapper.versioned(connector, null));
        }
        return grants.findState(grantKey(connector, callerId))
                .map(state -> ConnectorMapper.versioned(connector, ConnectorMapper.authorization(state)));
    }

    /** One connector as {@code callerId} sees it, with its ETag; 404 when it isn't the organization's. */
    @WithSession
    public Uni<VersionedConnector> getConnector(String organizationId, UUID id, String callerId) {
        return findConnector(organizationId, id).flatMap(connector -> describe(connector, callerId));
    }

    /**
     * {@link #createConnector}, answered as the creator sees it, with its ETag. Not one transaction: the sign-in
     * state is read on the pool after the write is committed (the call goes through the bean's interceptors).
     */
    public Uni<VersionedConnector> create(String organizationId, String userId, ConnectorRequest request) {
        return createConnector(organizationId, userId, request).flatMap(connector -> describe(connector, userId));
    }

    /**
     * {@link #updateConnector}, answered as the editor sees it, with its new ETag: read after the change is
     * committed, so sign-ins the change forgot read as forgotten.
     */
    public Uni<VersionedConnector> update(String organizationId, UUID id, String userId, ConnectorRequest request,
            String ifMatch, boolean keepStoredSecrets) {
        return updateConnector(organizationId, id, userId, request, ifMatch, keepStoredSecrets)
                .flatMap(connector -> describe(connector, userId));
    }

    /** Whose grant {@code userId} uses on this connector: theirs, or the organization's. */
    public static GrantKey grantKey(Connector connector, String userId) {
        return GrantKey.of(connector.organizationId, connector.id, connector.organizationCredential(), userId);
    }

    /** The connector, or 404 when it is missing or belongs to another organization. */
    @WithSession
    public Uni<Connector> findConnector(String organizationId, UUID id) {
        return repository.findInOrganization(organizationId, id)
                .onItem().ifNull().failWith(() -> new ConnectorNotFoundException(id));
    }

    @WithTransaction
    public Uni<Connector> createConnector(String organizationId, String userId, ConnectorRequest request) {
        throwIfInvalid(rules.checkCreate(request));
        Instant now = Timestamps.now();
        Connector connector = new Connector();
        connector.id = UUID.randomUUID();
        connector.organizationId = organizationId;
        connector.name = request.name().strip();
        connector.type = (request.type() == null ? ConnectorType.SIMPLE : request.type()).value();
        HeaderChange headers = null;
        if (connector.isSimple()) {
            connector.url = request.url().strip();
            headers = HeaderChange.of(Map.of(), request.headers());
            connector.headers = seal(organizationId, headers);
            connector.auth = (request.auth() == null ? ConnectorAuth.HEADERS : request.auth()).value();
            if (connector.signsIn()) {
                requireUrlWithoutVariables(connector.url);
                connector.credential = (request.credential() == null ? ConnectorCredential.USER
                        : request.credential()).value();
                applyOAuthClient(connector, request.oauthClient(), false);
            }
        } else {
            connector.oauthMcp = request.oauthMcp();
        }
        connector.createdAt = now;
        connector.updatedAt = now;
        connector.createdBy = userId;
        connector.updatedBy = userId;
        Uni<Map<String, String>> values = headers == null || headers.remaining().isEmpty()
                ? Uni.createFrom().item(Map.of()) : variablesOf(organizationId, connector.url);
        HeaderChange given = headers;
        return values
                .invoke(vars -> {
                    if (given != null) {
                        connector.headersOrigin = bindOrigin(null, connector.url, vars, given, true);
                    }
                })
                .chain(() -> repository.persistAndFlush(connector))
                .onFailure(SqlViolations::isUniqueViolation).transform(e -> new ConnectorNameTakenException(connector.name));
    }

    /**
     * Applies a partial update.
     *
     * @param ifMatch            the request's {@code If-Match}: when it names no current version ({@link ConnectorMapper#etag}) the
     *                           update is refused with 412; {@code null} or {@code *} updates unconditionally
     * @param keepStoredSecrets  the caller is held to {@link AiRestriction#KEEP_STORED_SECRETS}: removing or
     *                           replacing a stored header value, or moving a connector with headers to another
     *                           origin, is refused with 403
     */
    @WithTransaction
    public Uni<Connector> updateConnector(String organizationId, UUID id, String userId, ConnectorRequest request,
            String ifMatch, boolean keepStoredSecrets) {
        return repository.findInOrganization(organizationId, id)
                .onItem().ifNull().failWith(() -> new ConnectorNotFoundException(id))
                .chain(connector -> {
                    checkPrecondition(connector, ifMatch);
                    throwIfInvalid(rules.checkUpdate(ConnectorType.of(connector.type),
                            ConnectorAuth.of(connector.auth), request));
                    if (!connector.isSimple()) {
                        if (request.oauthMcp() != null) {
                            connector.oauthMcp = request.oauthMcp();
                        }
                        return save(connector, userId, request);
                    }
                    String url = request.url() != null ? request.url().strip() : connector.url;
                    HeaderChange headers = HeaderChange.of(connector.headers, request.headers());
                    Uni<Map<String, String>> values = headers.remaining().isEmpty()
                            ? Uni.createFrom().item(Map.of()) : variablesOf(organizationId, url);
                    return values.chain(vars -> {
                        String origin = bindOrigin(connector.headersOrigin, url, vars, headers,
                                request.url() != null);
                        if (keepStoredSecrets && headers.dropsOrReplacesStored(
                                !ConnectorOrigin.same(connector.headersOrigin, origin))) {
                            throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
                        }
                        throwIfInvalid(headers.keptAcross(connector.headersOrigin, origin));
                        SignInChange signIn = SignInChange.before(connector);
                        connector.url = url;
                        connector.headers = seal(organizationId, headers);
                        connector.headersOrigin = origin;
                        applyAuth(connector, request, keepStoredSecrets);
                        // Tokens are issued for one server, one credential and one client: change any of them
                        // and the stored sign-ins go, in this transaction.
                        Uni<Void> forget = signIn.changedBy(connector)
                                ? repository.forgetAuthorizations(organizationId, id)
                                : Uni.createFrom().voidItem();
                        return forget.chain(() -> save(connector, userId, request));
                    });
                })
                .onFailure(SqlViolations::isUniqueViolation).transform(e -> new ConnectorNameTakenException(request.name()))
                .onFailure(ConnectorService::isConcurrentUpdate).transform(e -> ifMatch != null
                        ? new PreconditionFailedException(STALE)
                        : new ConflictException("concurrent-update", "The connector was changed by someone else at "
                                + "the same time; reload it and try again"));
    }

    private Uni<Connector> save(Connector connector, String userId, ConnectorRequest request) {
        if (request.name() != null) {
            connector.name = request.name().strip();
        }
        connector.updatedAt = Timestamps.now();
        connector.updatedBy = userId;
        return repository.flush().replaceWith(connector);
    }

    /** 412 unless {@code ifMatch} is absent, {@code *}, or lists the stored version. */
    private static void checkPrecondition(Connector connector, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = ConnectorMapper.etag(connector);
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*") || candidate.equals(current)) {
                return;
            }
        }
        throw new PreconditionFailedException(STALE);
    }

    /** The organization's variable values, read only when the URL references any. */
    private Uni<Map<String, String>> variablesOf(String organizationId, String url) {
        return url.contains("{{") ? variables.findValues(organizationId) : Uni.createFrom().item(Map.of());
    }

    /**
     * The origin the connector's header values are bound to after this write: that of the URL rendered with the
     * organization's current variables, since a variable can move the host. {@code null} without headers. When the
     * URL can't be rendered, values can't be given (400 on {@code url}); a write that neither gives values nor
     * changes the URL keeps the stored binding.
     */
    private static String bindOrigin(String storedOrigin, String url, Map<String, String> vars, HeaderChange headers,
            boolean urlChanged) {
        if (headers.remaining().isEmpty()) {
            return null;
        }
        String origin;
        try {
            origin = ConnectorOrigin.of(VariableTemplate.render(url, vars));
        } catch (VariableTemplate.UnknownVariableException e) {
            if (urlChanged || !headers.given().isEmpty()) {
                throw new ValidationException("url", "references {{" + e.variable() + "}}, which is not defined; "
                        + "define the variable before giving header values");
            }
            return storedOrigin;
        }
        if (origin == null) {
            if (urlChanged || !headers.given().isEmpty()) {
                throw new ValidationException("url", "is not an absolute http:// or https:// URL once variables "
                        + "are injected, so header values can't be bound to its server");
            }
            return storedOrigin;
        }
        return origin;
    }

    /** What an update may change that stored sign-ins depend on. */
    private record SignInChange(String auth, String origin, String credential, String clientId) {

        static SignInChange before(Connector connector) {
            return new SignInChange(connector.auth, ConnectorOrigin.of(connector.url), connector.credential,
                    connector.oauthClientId);
        }

        boolean changedBy(Connector after) {
            return !java.util.Objects.equals(this, before(after));
        }
    }

    /** {@code auth}, {@code credential} and {@code oauth_client} of an update to a simple connector. */
    private void applyAuth(Connector connector, ConnectorRequest request, boolean keepStoredSecrets) {
        if (request.auth() != null) {
            connector.auth = request.auth().value();
        }
        if (!connector.signsIn()) {
            if (keepStoredSecrets && connector.oauthClientSecret != null) {
                throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
            }
            connector.credential = Connector.CREDENTIAL_USER;
            clearOAuthClient(connector);
            return;
        }
        requireUrlWithoutVariables(connector.url);
        if (connector.headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("authorization"))) {
            throw new ValidationException("headers.Authorization", "is sent by the OAuth sign-in (auth: oauth); "
                    + "remove this header");
        }
        if (request.credential() != null) {
            connector.credential = request.credential().value();
        }
        applyOAuthClient(connector, request.oauthClient(), keepStoredSecrets);
    }

    /**
     * The pre-registered client after a write. Its secret is bound to the connector's origin like a header value:
     * the mask (or {@code null} with the same client id) keeps it on the same origin only; another origin or another
     * client id needs it again. {@code null} keeps the client as it is (still subject to the origin rule); an
     * object without {@code client_id} removes it.
     */
    private void applyOAuthClient(Connector connector, OAuthClient given, boolean keepStoredSecrets) {
        String origin = ConnectorOrigin.of(connector.url);
        boolean storedSecret = connector.oauthClientSecret != null;
        boolean sameOrigin = ConnectorOrigin.same(connector.oauthClientOrigin, connector.url);
        if (given == null) {
            if (storedSecret && !sameOrigin) {
                if (keepStoredSecrets) {
                    throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
                }
                throw new ValidationException("oauth_client.client_secret", VALUE_FOR_ANOTHER_SERVER_SECRET);
            }
            return;
        }
        if (given.clientId() == null) {
            if (keepStoredSecrets && storedSecret) {
                throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
            }
            clearOAuthClient(connector);
            return;
        }
        String secret = given.clientSecret();
        boolean keep = secret == null || Masked.VALUE.equals(secret);
        boolean sameClient = given.clientId().equals(connector.oauthClientId);
        String sealed;
        if (keep) {
            if (storedSecret && sameClient) {
                if (!sameOrigin) {
                    if (keepStoredSecrets) {
                        throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
                    }
                    throw new ValidationException("oauth_client.client_secret", VALUE_FOR_ANOTHER_SERVER_SECRET);
                }
                sealed = connector.oauthClientSecret;
            } else if (secret != null) {
                throw new ValidationException("oauth_client.client_secret", "has no stored value to keep for this "
                        + "client id; send the client secret");
            } else {
                if (keepStoredSecrets && storedSecret) {
                    throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
                }
                sealed = null;
            }
        } else {
            if (keepStoredSecrets && storedSecret) {
                throw new AccessDeniedException(AiRestriction.KEEP_STORED_SECRETS.description());
            }
            sealed = cipher.encrypt(connector.organizationId, secret);
        }
        connector.oauthClientId = given.clientId();
        connector.oauthClientSecret = sealed;
        connector.oauthClientOrigin = sealed == null ? null : origin;
        connector.oauthClientScopes = given.scopes() == null ? null : Scopes.join(given.scopes());
    }

    private static void clearOAuthClient(Connector connector) {
        connector.oauthClientId = null;
        connector.oauthClientSecret = null;
        connector.oauthClientScopes = null;
        connector.oauthClientOrigin = null;
    }

    private static void requireUrlWithoutVariables(String url) {
        if (url != null && url.contains("{{")) {
            throw new ValidationException("url", ConnectorRules.OAUTH_URL_WITHOUT_VARIABLES);
        }
    }

    /** The pre-registered client's secret in plaintext, for the token endpoint. Never respond with or log it. */
    public String decryptOAuthClientSecret(Connector connector) {
        return connector.oauthClientSecret == null ? null
                : cipher.decrypt(connector.organizationId, connector.oauthClientSecret);
    }

    /** Deletes the connector; its assignments go with it (foreign key cascade). */
    @WithTransaction
    public Uni<Void> deleteConnector(String organizationId, UUID id) {
        return repository.deleteInOrganization(organizationId, id)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw new ConnectorNotFoundException(id);
                    }
                })
                .replaceWithVoid();
    }

    /** Plaintext header values, for building MCP clients. Never put these in a response or a log. */
    public Map<String, String> decryptHeaders(Connector connector) {
        Map<String, String> plain = new LinkedHashMap<>();
        if (connector.headers != null) {
            connector.headers.forEach((name, sealed) -> plain.put(name, cipher.decrypt(connector.organizationId, sealed)));
        }
        return plain;
    }

    /** The new header map, in the request's order: given values sealed, kept ones as stored. */
    private Map<String, String> seal(String organizationId, HeaderChange headers) {
        Map<String, String> sealed = new LinkedHashMap<>();
        headers.remaining().forEach(name -> {
            String given = headers.given().get(name);
            sealed.put(name, given != null ? cipher.encrypt(organizationId, given) : headers.kept().get(name));
        });
        return sealed;
    }

    /**
     * What a write does to the stored headers. {@code null} or the mask keeps the stored value of that name (an
     * error when there is none), a value replaces it, a name left out is removed; no {@code headers} keeps all.
     *
     * @param remaining names after the write, in order
     * @param kept      name to stored ciphertext, for names whose value is kept
     * @param given     name to new plaintext value
     * @param storedNames lower-case names stored before the write
     */
    private record HeaderChange(List<String> remaining, Map<String, String> kept, Map<String, String> given,
            Set<String> storedNames) {

        static HeaderChange of(Map<String, String> stored, Map<String, String> requested) {
            Map<String, String> storedByLowerName = new LinkedHashMap<>();
            stored.forEach((name, value) -> storedByLowerName.put(name.toLowerCase(Locale.ROOT), value));
            List<String> remaining = new ArrayList<>();
            Map<String, String> kept = new LinkedHashMap<>();
            Map<String, String> given = new LinkedHashMap<>();
            if (requested == null) {
                remaining.addAll(stored.keySet());
                kept.putAll(stored);
            } else {
                List<FieldError> errors = new ArrayList<>();
                requested.forEach((name, value) -> {
                    if (value == null || Masked.VALUE.equals(value)) {
                        String storedValue = storedByLowerName.get(name.toLowerCase(Locale.ROOT));
                        if (storedValue == null) {
                            errors.add(new FieldError("headers." + name,
                                    "has no stored value to keep; send its value"));
                            return;
                        }
                        kept.put(name, storedValue);
                    } else {
                        given.put(name, value);
                    }
                    remaining.add(name);
                });
                throwIfInvalid(errors);
            }
            return new HeaderChange(remaining, kept, given, storedByLowerName.keySet());
        }

        /** Whether a stored value is removed or replaced, or (when {@code moved}) taken to another origin. */
        boolean dropsOrReplacesStored(boolean moved) {
            if (storedNames.isEmpty()) {
                return false;
            }
            Set<String> after = new HashSet<>();
            remaining.forEach(name -> after.add(name.toLowerCase(Locale.ROOT)));
            boolean replaced = given.keySet().stream().anyMatch(n -> storedNames.contains(n.toLowerCase(Locale.ROOT)));
            return moved || replaced || !after.containsAll(storedNames);
        }

        /** The 400s of a move to another origin, by header name: every kept value must be given again. */
        List<FieldError> keptAcross(String storedOrigin, String newOrigin) {
            if (newOrigin == null || ConnectorOrigin.same(storedOrigin, newOrigin)) {
                return List.of();
            }
            return kept.keySet().stream()
                    .sorted(String.CASE_INSENSITIVE_ORDER)
                    .map(name -> new FieldError("headers." + name, VALUE_FOR_ANOTHER_SERVER))
                    .toList();
        }
    }

    private static void throwIfInvalid(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static boolean isConcurrentUpdate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleObjectStateException) {
                return true;
            }
        }
        return false;
    }

    /** Parses a connector id from a path or body; a malformed one is reported like a missing connector. */
    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConnectorNotFoundException(id);
        }
    }
}
