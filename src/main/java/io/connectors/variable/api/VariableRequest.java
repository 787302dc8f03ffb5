package io.connectors.variable.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Body of {@code PUT /variables/{name}}. */
@Schema(name = "VariableRequest")
public record VariableRequest(
        @Schema(description = "The value; for a secret variable, the mask keeps the stored value", required = true)
        String value,
        @Schema(description = "Secret values are stored encrypted and never returned (default false)")
        Boolean secret,
        @Schema(description = "Secret variables only, and required for them: the hosts the value may be sent to "
                + "(host names, IP literals or *.example.com patterns, at most 32)",
                examples = "[\"mcp.example.com\", \"*.tenant.example.com\"]")
        List<String> allowedHosts) {

    @Override
    public String toString() {
        // The value may be a secret: never print it.
        return "VariableRequest[secret=" + secret + ", allowedHosts=" + allowedHosts + "]";
    }
}
