package io.connectors.variable.service;

import io.connectors.config.ConnectorsConfig;
import io.connectors.egress.OutboundText;
import io.connectors.variable.VariableNotFoundException;
import io.connectors.error.Problem.FieldError;
import io.connectors.error.ValidationException;
import io.connectors.secret.Masked;
import io.connectors.secret.SecretCipher;
import io.connectors.secret.SecretUnreadableException;
import io.connectors.variable.AllowedHosts;
import io.connectors.variable.OrganizationVariable;
import io.connectors.variable.VariableTemplate;
import io.connectors.variable.api.VariableRequest;
import io.connectors.variable.api.VariableResponse;
import io.connectors.variable.repository.VariableRepository;
import io.connectors.database.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Organization variables: named values injected into simple connectors; secret ones are sealed at rest. */
@Singleton
public class VariableService {

    /** The outcome of a put: the variable, and whether it is new. */
    public record Saved(VariableResponse variable, boolean created) {
    }

    /**
     * A variable as injection needs it. {@code value} is {@code null} when the variable is secret and its value can't
     * be opened (sealed under a key this deployment no longer has): only what references it fails.
     */
    public record Injectable(String name, String value, boolean secret, List<String> allowedHosts) {

        public boolean readable() {
            return value != null;
        }

        @Override
        public String toString() {
            return "Injectable[name=" + name + ", secret=" + secret + ", allowedHosts=" + allowedHosts + "]";
        }
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

    /**
     * Every variable's plaintext value. Never return or log these. A secret that can't be opened is left out, so a
     * reference to it reads as unknown; injection into connectors uses {@link #findInjectables}, which says why.
     */
    @WithSession
    public Uni<Map<String, String>> findValues(String organizationId) {
        return findInjectables(organizationId).map(all -> {
            Map<String, String> values = new LinkedHashMap<>();
            all.values().stream().filter(Injectable::readable).forEach(v -> values.put(v.name(), v.value()));
            return values;
        });
    }

    /** Every variable with its plaintext value (or none, when unreadable) and allowed hosts, by name. */
    @WithSession
    public Uni<Map<String, Injectable>> findInjectables(String organizationId) {
        return repository.listInOrganization(organizationId).map(rows -> {
            Map<String, Injectable> values = new LinkedHashMap<>();
            rows.forEach(v -> values.put(v.name, new Injectable(v.name, open(organizationId, v), v.secret,
                    hostsOf(v))));
            return values;
        });
    }

    private String open(String organizationId, OrganizationVariable variable) {
        if (!variable.secret) {
            return variable.value;
        }
        try {
            return cipher.decrypt(organizationId, variable.value);
        } catch (SecretUnreadableException e) {
            Log.warnf("Secret variable %s of organization %s can't be read (%s); it must be entered again",
                    variable.name, organizationId, e.getMessage());
            return null;
        }
    }

    /** Creates or replaces a variable. For a secret, the mask as value keeps the stored value. */
    @WithTransaction
    public Uni<Saved> putVariable(String organizationId, String name, String userId, VariableRequest request) {
        checkName(name);
        boolean secret = request != null && Boolean.TRUE.equals(request.secret());
        boolean keepValue = request != null && Masked.VALUE.equals(request.value());
        List<FieldError> errors = new ArrayList<>();
        if (!keepValue) {
            checkValue(request, errors);
        }
        List<String> hosts = checkAllowedHosts(secret, request == null ? null : request.allowedHosts(), errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = Timestamps.now();
        return repository.findById(new OrganizationVariable.Key(organizationId, name)).chain(existing -> {
            if (keepValue && (existing == null || !existing.secret || !secret)) {
                throw new ValidationException("value", "the mask keeps a stored secret value only; send the value");
            }
            if (keepValue) {
                checkKeptValueStaysWithItsHosts(existing, hosts);
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
            variable.allowedHosts = hosts.toArray(String[]::new);
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
                throw new VariableNotFoundException(name);
            }
        }).replaceWithVoid();
    }

    private static void checkName(String name) {
        if (name == null || name.length() > MAX_NAME || !VariableTemplate.NAME.matcher(name).matches()) {
            throw new ValidationException("name", "must start with a letter or _, then letters, digits or _ (at most "
                    + MAX_NAME + ")");
        }
    }

    private void checkValue(VariableRequest request, List<FieldError> errors) {
        if (request == null || request.value() == null) {
            errors.add(new FieldError("value", "is required"));
        } else if (request.value().length() > maxValueLength) {
            errors.add(new FieldError("value", "must be at most " + maxValueLength + " characters"));
        } else if (!OutboundText.isSafe(request.value())) {
            errors.add(new FieldError("value", OutboundText.MUST_NOT_CONTAIN + " (values go into URLs and headers)"));
        }
    }

    /** The allowed hosts to store (normalized); required and non-empty for a secret, refused for other variables. */
    private static List<String> checkAllowedHosts(boolean secret, List<String> hosts, List<FieldError> errors) {
        if (!secret) {
            if (hosts != null && !hosts.isEmpty()) {
                errors.add(new FieldError("allowed_hosts", "apply only to secret variables (the value of another "
                        + "variable is visible to every member anyway)"));
            }
            return List.of();
        }
        if (hosts == null || hosts.isEmpty()) {
            errors.add(new FieldError("allowed_hosts", "are required for a secret variable: list the hosts its value "
                    + "may be sent to (host names, IP addresses or *.example.com patterns)"));
            return List.of();
        }
        if (hosts.size() > AllowedHosts.MAX_ENTRIES) {
            errors.add(new FieldError("allowed_hosts", "at most " + AllowedHosts.MAX_ENTRIES + " hosts are allowed"));
            return List.of();
        }
        boolean valid = true;
        for (int i = 0; i < hosts.size(); i++) {
            String problem = AllowedHosts.problem(hosts.get(i));
            if (problem != null) {
                errors.add(new FieldError("allowed_hosts[" + i + "]", problem));
                valid = false;
            }
        }
        return valid ? List.copyOf(new LinkedHashSet<>(AllowedHosts.normalizeAll(hosts))) : List.of();
    }

    /**
     * The mask keeps a stored secret only for hosts it was already given for: adding a host needs the value again,
     * so nobody can widen where a secret goes without knowing it.
     */
    private static void checkKeptValueStaysWithItsHosts(OrganizationVariable existing, List<String> hosts) {
        List<String> stored = hostsOf(existing);
        List<String> added = hosts.stream().filter(h -> !stored.contains(h)).toList();
        if (!added.isEmpty()) {
            throw new ValidationException("value", "the stored value was not given for " + String.join(", ", added)
                    + ": send the value again to let it go to new hosts (the mask keeps it only for the hosts it "
                    + "already had)");
        }
    }

    private static List<String> hostsOf(OrganizationVariable variable) {
        return variable.allowedHosts == null ? List.of() : List.of(variable.allowedHosts);
    }

    private static VariableResponse toResponse(OrganizationVariable v) {
        return new VariableResponse(v.name, v.secret ? Masked.VALUE : v.value, v.secret,
                hostsOf(v), v.createdAt,
                v.updatedAt, v.createdBy, v.updatedBy);
    }
}
