package io.connectors.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** An RFC 9457 problem document, the body of every error response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "URI naming the kind of problem", examples = "urn:problem:connectors:duplicate-name")
        String type,
        @Schema(description = "Short summary of the kind of problem", required = true)
        String title,
        @Schema(description = "HTTP status code", required = true)
        int status,
        @Schema(description = "What went wrong in this case, in words a person can act on")
        String detail,
        @Schema(description = "The request path")
        String instance,
        @Schema(description = "Per-field validation messages")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field of a request. */
    @RegisterForReflection
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "Field name as sent (snake_case), or a parameter name", required = true)
            String field,
            @Schema(description = "What is wrong with it", required = true)
            String message) {
    }
}
