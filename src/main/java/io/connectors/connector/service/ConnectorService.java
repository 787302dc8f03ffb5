package io.connectors.connector.service;

import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorListing;
import io.connectors.connector.api.ConnectorRequest;
import io.connectors.connector.api.ConnectorResponse;
import io.connectors.connector.api.ConnectorType;
import io.connectors.connector.repository.ConnectorRepository;
import io.connectors.error.ConflictException;
import io.connectors.error.NotFoundException;
import io.connectors.error.Problem.FieldError;
import io.connectors.error.SqlViolations;
import io.connectors.error.ValidationException;
import io.connectors.secret.SecretCipher;
import io.connectors.database.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.persistence.OptimisticLockException;
import org.hibernate.StaleObjectStateException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** An organization's connector registry: reads, validated writes, secrets sealed before they are stored. */
@Singleton
public class ConnectorService {

    private final ConnectorRepository repository;
    private final ConnectorRules rules;
    private final SecretCipher cipher;

    public ConnectorService(ConnectorRepository repository, ConnectorRules rules, SecretCipher cipher) {
        this.repository = repository;
        this.rules = rules;
        this.cipher = cipher;
    }

    /** One page of connectors ordered by name; read {@code limit + 1} rows to know whether more follow. */
    public Uni<List<ConnectorResponse>> listConnectors(String organizationId, String afterName, int limit) {
        return repository.listPage(organizationId, afterName, limit)
                .map(rows -> rows.stream().map(ConnectorService::toResponse).toList());
    }

    /** The connector, or 404 when it is missing or belongs to another organization. */
    @WithSession
    public Uni<Connector> findConnector(String organizationId, UUID id) {
        return repository.findInOrganization(organizationId, id)
                .onItem().ifNull().failWith(() -> notFound(id));
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
        if (connector.isSimple()) {
            connector.url = request.url().strip();
            connector.headers = sealHeaders(organizationId, Map.of(), request.headers());
        } else {
            connector.oauthMcp = request.oauthMcp();
        }
        connector.createdAt = now;
        connector.updatedAt = now;
        connector.createdBy = userId;
        connector.updatedBy = userId;
        return repository.persistAndFlush(connector)
                .onFailure(SqlViolations::isUniqueViolation).transform(e -> duplicateName(connector.name));
    }

    @WithTransaction
    public Uni<Connector> updateConnector(String organizationId, UUID id, String userId, ConnectorRequest request) {
        return repository.findInOrganization(organizationId, id)
                .onItem().ifNull().failWith(() -> notFound(id))
                .chain(connector -> {
                    throwIfInvalid(rules.checkUpdate(ConnectorType.of(connector.type), request));
                    if (request.name() != null) {
                        connector.name = request.name().strip();
                    }
                    if (connector.isSimple()) {
                        if (request.url() != null) {
                            connector.url = request.url().strip();
                        }
                        if (request.headers() != null) {
                            connector.headers = sealHeaders(organizationId, connector.headers, request.headers());
                        }
                    } else if (request.oauthMcp() != null) {
                        connector.oauthMcp = request.oauthMcp();
                    }
                    connector.updatedAt = Timestamps.now();
                    connector.updatedBy = userId;
                    return repository.flush().replaceWith(connector);
                })
                .onFailure(SqlViolations::isUniqueViolation).transform(e -> duplicateName(request.name()))
                .onFailure(ConnectorService::isConcurrentUpdate).transform(e -> new ConflictException(
                        "concurrent-update", "The connector was changed by someone else at the same time; reload "
                                + "it and try again"));
    }

    /** Deletes the connector; its assignments go with it (foreign key cascade). */
    @WithTransaction
    public Uni<Void> deleteConnector(String organizationId, UUID id) {
        return repository.deleteInOrganization(organizationId, id)
                .invoke(deleted -> {
                    if (!deleted) {
                        throw notFound(id);
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

    public static ConnectorResponse toResponse(Connector connector) {
        return new ConnectorResponse(connector.id, connector.organizationId, connector.name,
                ConnectorType.of(connector.type), connector.url,
                masked(connector.headers == null ? List.of() : connector.headers.keySet()), connector.oauthMcp,
                connector.createdAt, connector.updatedAt, connector.createdBy, connector.updatedBy);
    }

    static ConnectorResponse toResponse(ConnectorListing connector) {
        return new ConnectorResponse(connector.id(), connector.organizationId(), connector.name(),
                ConnectorType.of(connector.type()), connector.url(), masked(connector.headerNames()),
                connector.oauthMcp(), connector.createdAt(), connector.updatedAt(), connector.createdBy(),
                connector.updatedBy());
    }

    /** Header names, each with the mask for its value, in case-insensitive name order. */
    private static Map<String, String> masked(java.util.Collection<String> headerNames) {
        Map<String, String> masked = new LinkedHashMap<>();
        headerNames.stream().sorted(String.CASE_INSENSITIVE_ORDER).forEach(name -> masked.put(name, ConnectorResponse.MASK));
        return masked;
    }

    /**
     * The new header map: sent values are encrypted; {@code null} or the mask keeps the stored value of that name;
     * names left out are dropped.
     */
    private Map<String, String> sealHeaders(String organizationId, Map<String, String> stored,
            Map<String, String> requested) {
        Map<String, String> sealed = new LinkedHashMap<>();
        if (requested == null) {
            return sealed;
        }
        Map<String, String> storedByLowerName = new LinkedHashMap<>();
        stored.forEach((name, value) -> storedByLowerName.put(name.toLowerCase(Locale.ROOT), value));
        List<FieldError> errors = new ArrayList<>();
        requested.forEach((name, value) -> {
            if (value == null || ConnectorResponse.MASK.equals(value)) {
                String kept = storedByLowerName.get(name.toLowerCase(Locale.ROOT));
                if (kept == null) {
                    errors.add(new FieldError("headers." + name, "has no stored value to keep; send its value"));
                } else {
                    sealed.put(name, kept);
                }
            } else {
                sealed.put(name, cipher.encrypt(organizationId, value));
            }
        });
        throwIfInvalid(errors);
        return sealed;
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
            throw new NotFoundException("No connector " + id + " in this organization");
        }
    }

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("No connector " + id + " in this organization");
    }

    private static ConflictException duplicateName(String name) {
        return new ConflictException("duplicate-name", "A connector named '" + (name == null ? "" : name.strip())
                + "' already exists in this organization; choose another name");
    }
}
