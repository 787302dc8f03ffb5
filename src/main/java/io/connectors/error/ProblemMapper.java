package io.connectors.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become RFC 9457 problem responses. Domain failures carry their own status
 * ({@link ApiException}); this class maps everything else: validation, JSON, security, unexpected errors.
 * Responses never carry stack traces; unexpected errors are logged once with an id the response repeats.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> apiFailure(ApiException e, HttpServerRequest request) {
        RestResponse<Problem> problem = problem(e.status(), e.type(), e.getMessage(), e.errors(), request);
        if (e.status() == 401) {
            return RestResponse.ResponseBuilder.fromResponse(problem)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"").build();
        }
        return problem;
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> malformedJson(JsonParseException e, HttpServerRequest request) {
        return badRequest("body", "is not valid JSON: " + e.getOriginalMessage(), request);
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> unknownField(UnrecognizedPropertyException e, HttpServerRequest request) {
        return badRequest(jsonPath(e), "is not a known field", request);
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> invalidValue(InvalidFormatException e, HttpServerRequest request) {
        String message = "has an invalid value";
        if (e.getTargetType() != null && e.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.stream(e.getTargetType().getEnumConstants())
                    .map(c -> c.toString().toLowerCase()).collect(Collectors.joining(", "));
        }
        return badRequest(jsonPath(e), message, request);
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> wrongType(MismatchedInputException e, HttpServerRequest request) {
        String field = jsonPath(e);
        String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
        return badRequest(field, "must be " + expected, request);
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> unstorableText(StorableTextJson.UnstorableTextException e, HttpServerRequest request) {
        return badRequest(e.field(), e.getOriginalMessage(), request);
    }

    @ServerExceptionMapper(priority = 1)
    public RestResponse<Problem> unreadableJson(JsonMappingException e, HttpServerRequest request) {
        return badRequest(jsonPath(e), "could not be read: " + e.getOriginalMessage(), request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unauthenticated(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, HttpServerRequest request) {
        return problem(403, null, "You may not do this.", null, request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonMappingException mapping) {
            // The REST layer wraps most Jackson mapping failures in a bare 400: name the field all the same.
            return unreadableJson(mapping, request);
        }
        if (status >= 500) {
            return unexpected(e, request);
        }
        String detail = switch (status) {
            case 404 -> "No such resource: " + request.method() + " " + request.path();
            case 405 -> "Method " + request.method() + " is not allowed on " + request.path();
            case 406 -> "This resource answers only application/json";
            case 413 -> "The request body is too large";
            case 415 -> "Send the body as application/json";
            default -> e.getMessage();
        };
        return problem(status, null, detail, null, request);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e, HttpServerRequest request) {
        if (SqlViolations.isUniqueViolation(e)) {
            return problem(409, "urn:problem:connectors:conflict", "The request conflicts with stored data", null,
                    request);
        }
        if (io.connectors.database.DatabaseUnavailable.causes(e)) {
            // An outage, not a bug: readiness already reports it; clients may retry.
            Log.warnf("Database unavailable on %s %s: %s", request.method(), request.path(), e.getMessage());
            return RestResponse.ResponseBuilder.fromResponse(problem(503, null,
                            "The database is unavailable; retry shortly", null, request))
                    .header(HttpHeaders.RETRY_AFTER, io.connectors.database.DatabaseUnavailable.RETRY_AFTER_SECONDS)
                    .build();
        }
        String errorId = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected failure %s on %s %s", errorId, request.method(), request.path());
        return problem(500, null, "Unexpected error; reference " + errorId, null, request);
    }

    private RestResponse<Problem> unauthorized(HttpServerRequest request) {
        return RestResponse.ResponseBuilder
                .<Problem>create(401)
                .entity(new Problem(null, "Unauthorized", 401, "A valid bearer token is required", request.path(),
                        null))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    private RestResponse<Problem> badRequest(String field, String message, HttpServerRequest request) {
        return apiFailure(new ValidationException(field, message), request);
    }

    static RestResponse<Problem> problem(int status, String type, String detail, List<Problem.FieldError> errors,
            HttpServerRequest request) {
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType == null ? "Error" : statusType.getReasonPhrase();
        return RestResponse.ResponseBuilder
                .<Problem>create(status)
                .entity(new Problem(type, title, status, detail, request.path(), errors))
                .type(Problem.MEDIA_TYPE)
                .build();
    }

    private static String jsonPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a JSON array";
        }
        return "a " + type.getSimpleName();
    }
}
