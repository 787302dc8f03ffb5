package io.connectors.error;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.Map;

/**
 * Documents the problem responses every API operation can give, so generated clients decode errors instead of
 * seeing raw bodies: 400, 401, 403 and 500 everywhere, 404 wherever a path names a row. Runs at build time.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            boolean namesRow = path.contains("{mcp_id}") || path.contains("{name}") || path.contains("{provider}");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                APIResponses responses = entry.getValue().getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    entry.getValue().setResponses(responses);
                }
                add(responses, "400", "The request is invalid; errors lists each field");
                add(responses, "401", "No valid bearer token");
                add(responses, "403", "Not a member of the organization, or not allowed for this caller");
                if (namesRow || entry.getKey() == PathItem.HttpMethod.POST && path.endsWith("/mcps/test")) {
                    add(responses, "404", "No such row in this organization");
                }
                add(responses, "500", "Unexpected error; the detail gives a reference to quote");
            }
        });
    }

    private static void add(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            var existing = responses.getAPIResponse(status);
            if (existing.getContent() == null || existing.getContent().getMediaTypes() == null
                    || existing.getContent().getMediaTypes().isEmpty()) {
                existing.setContent(problemContent());
            }
            return;
        }
        responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(problemContent()));
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }
}
