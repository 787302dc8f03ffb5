package io.connectors.action.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.error.ValidationException;

import java.io.IOException;
import java.util.Map;

/**
 * One call of {@code POST /actions/{name}}: the organization from the route, and the path parameters, query
 * parameters and body the caller supplied for the action.
 */
public final class ActionInvocation {

    private final String organizationId;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final JsonNode body;
    private final ObjectMapper mapper;

    public ActionInvocation(String organizationId, Map<String, String> pathParams, Map<String, String> query,
            Object body, ObjectMapper mapper) {
        this.organizationId = organizationId;
        this.pathParams = pathParams == null ? Map.of() : pathParams;
        this.query = query == null ? Map.of() : query;
        this.body = body == null ? null : mapper.valueToTree(body);
        this.mapper = mapper;
    }

    public String organizationId() {
        return organizationId;
    }

    /** A required path parameter; missing is a 400 naming it. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null || value.isBlank()) {
            throw new ValidationException("path_params." + name, "is required by this action");
        }
        return value;
    }

    /** An optional query parameter, or {@code null}. */
    public String query(String name) {
        return query.get(name);
    }

    /** An optional whole-number query parameter, or {@code null}; anything else is a 400 naming it. */
    public Integer wholeNumberQuery(String name) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new ValidationException("query." + name, "must be a whole number");
        }
    }

    /** The body as {@code type}, read like the route's own body; missing body is a 400. */
    public <T> T body(Class<T> type) {
        if (body == null || body.isNull()) {
            throw new ValidationException("body", "is required by this action");
        }
        try {
            return mapper.readerFor(type).readValue(mapper.treeAsTokens(body));
        } catch (IOException e) {
            // Rethrown as is, so the problem mapper answers exactly as it does for the route's own body.
            throw ActionInvocation.<RuntimeException>rethrow(e);
        }
    }

    /** The body as JSON text, or {@code null} when none was sent (for routes that read their body themselves). */
    public String rawBody() {
        return body == null || body.isNull() ? null : body.toString();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable failure) throws E {
        throw (E) failure;
    }
}
