package io.connectors.variable.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PUT /variables/{name}}. */
@Schema(name = "VariableRequest")
public record VariableRequest(
        @Schema(description = "The value; for a secret variable, the mask keeps the stored value", required = true)
        String value,
        @Schema(description = "Secret values are stored encrypted and never returned (default false)")
        Boolean secret) {
}
