package io.connectors.variable.service;

import io.connectors.config.ConnectorsConfig;
import io.connectors.connector.api.ConnectorResponse;
import io.connectors.error.NotFoundException;
import io.connectors.error.Problem.FieldError;
import io.connectors.error.ValidationException;
import io.connectors.secret.SecretCipher;
import io.connectors.variable.OrganizationVariable;
import io.connectors.variable.VariableTemplate;
import io.connectors.variable.api.VariableRequest;
import io.connectors.variable.api.VariableResponse;
import io.connectors.variable.repository.VariableRepository;
import io.connectors.database.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Organization variables: named values injected into simple connectors; secret ones are sealed at rest. */
@Singleton
public class VariableService {

    /** The outcome of a put: the variable, and whether it is new. */
    public record Saved(VariableResponse variable, boolean created) {
    }

    static final int MAX_NAME = 128;

    private final VariableRepository repository;
    private final SecretCipher cipher;
    private final int maxValueLength;

    public VariableService(VariableRepository repository, SecretCipher cipher, ConnectorsConfig config) {
        this.repository = repository;
        this.cipher = cipher;
        this.maxValueLength = config.limits().maxVariableValueLength();
    }

    @WithSession
    public Uni<List<VariableResponse>> findVariables(String organizationId) {
        return repository.listInOrganization(organizationId)
                .map(rows -> rows.stream().map(VariableService::toResponse).toList());
    }

    /** Every variable's plaintext value, for injection into connectors. Never return or log these. */
    @WithSession
    public Uni<Map<String, String>> findValues(String organizationId) {
        return repository.listInOrganization(organizationId).map(rows -> {
            Map<String, String> values = new LinkedHashMap<>();
            rows.forEach(v -> values.put(v.name, v.secret ? cipher.decrypt(organizationId, v.value) : v.value));
            return values;
        });
    }

    /** Creates or replaces a variable. For a secret, the mask as value keeps the stored value. */
    @WithTransaction
    public Uni<Saved> putVariable(String organizationId, String name, String userId, VariableRequest request) {
        checkName(name);
        boolean secret = request != null && Boolean.TRUE.equals(request.secret());
        boolean keepValue = request != null && ConnectorResponse.MASK.equals(request.value());
        if (!keepValue) {
            checkValue(request);
        }
        Instant now = Timestamps.now();
        return repository.findById(new OrganizationVariable.Key(organizationId, name)).chain(existing -> {
            if (keepValue && (existing == null || !existing.secret || !secret)) {
                throw new ValidationException("value", "the mask keeps a stored secret value only; send the value");
            }
            OrganizationVariable variable = existing != null ? existing : new OrganizationVariable();
            if (existing == null) {
                variable.organizationId = organizationId;
                variable.name = name;
                variable.createdAt = now;
                variable.createdBy = userId;
            }
            if (!keepValue) {
                variable.value = secret ? cipher.encrypt(organizationId, request.value()) : request.value();
            }
            variable.secret = secret;
            variable.updatedAt = now;
            variable.updatedBy = userId;
            Uni<OrganizationVariable> stored = existing == null ? repository.persist(variable) : Uni.createFrom().item(variable);
            return stored.call(repository::flush).map(v -> new Saved(toResponse(v), existing == null));
        });
    }

    @WithTransaction
    public Uni<Void> deleteVariable(String organizationId, String name) {
        checkName(name);
        return repository.deleteInOrganization(organizationId, name).invoke(deleted -> {
            if (!deleted) {
                throw new NotFoundException("No variable " + name + " in this organization");
            }
        }).replaceWithVoid();
    }

    private static void checkName(String name) {
        if (name == null || name.length() > MAX_NAME || !VariableTemplate.NAME.matcher(name).matches()) {
            throw new ValidationException("name", "must start with a letter or _, then letters, digits or _ (at most "
                    + MAX_NAME + ")");
        }
    }

    private void checkValue(VariableRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.value() == null) {
            errors.add(new FieldError("value", "is required"));
        } else if (request.value().length() > maxValueLength) {
            errors.add(new FieldError("value", "must be at most " + maxValueLength + " characters"));
        } else if (request.value().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            errors.add(new FieldError("value", "must not contain line breaks or NUL (values go into URLs and headers)"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static VariableResponse toResponse(OrganizationVariable v) {
        return new VariableResponse(v.name, v.secret ? ConnectorResponse.MASK : v.value, v.secret, v.createdAt,
                v.updatedAt, v.createdBy, v.updatedBy);
    }
}
