package io.connectors.variable.api;

import io.connectors.secret.Masked;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An organization variable; a secret one shows the mask instead of its value. */
@Schema(name = "Variable")
public record VariableResponse(
        @Schema(required = true) String name,
        @Schema(description = "The value, or " + Masked.VALUE + " when secret", required = true) String value,
        @Schema(required = true) boolean secret,
        @Schema(description = "The hosts a secret value may be sent to; empty for other variables (and for a secret "
                + "stored before hosts were required, which is refused until they are listed)", required = true)
        List<String> allowedHosts,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt,
        String createdBy,
        String updatedBy) {

    @Override
    public String toString() {
        return "VariableResponse[name=" + name + ", secret=" + secret + ", allowedHosts=" + allowedHosts + "]";
    }
}
