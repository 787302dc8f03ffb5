package io.connectors.variable.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** An organization variable; a secret one shows the mask instead of its value. */
@Schema(name = "Variable")
public record VariableResponse(
        @Schema(required = true) String name,
        @Schema(description = "The value, or ******** when secret", required = true) String value,
        @Schema(required = true) boolean secret,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt,
        String createdBy,
        String updatedBy) {
}
