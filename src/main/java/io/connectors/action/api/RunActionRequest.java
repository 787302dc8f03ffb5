package io.connectors.action.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** The arguments of one action run: what the route would take as path parameters, query and body. */
@Schema(name = "RunActionRequest")
public record RunActionRequest(
        @Schema(description = "Path parameters of the route, such as mcp_id or employee_id (orgId comes from the URL)")
        Map<String, String> pathParams,
        @Schema(description = "Query parameters of the route")
        Map<String, String> query,
        @Schema(description = "JSON body of the route, if it takes one", type = SchemaType.OBJECT)
        Object body) {

    /** Path parameters only: query values and the body can carry header values and variable values. */
    @Override
    public String toString() {
        return "RunActionRequest[pathParams=" + pathParams + ", query="
                + (query == null ? null : query.keySet()) + ", body=" + (body == null ? null : "(omitted)") + "]";
    }
}
