package io.connectors.error;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose decoded path or query parameters hold text PostgreSQL can't store
 * ({@link UnstorableCharacters}: NUL, unpaired surrogates) with a 400
 * naming the parameter, for every route at once. JSON bodies are covered by {@link StorableTextJson}.
 */
public class StorableTextParameterFilter {

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void rejectUnstorableText(UriInfo uri) {
        check(uri.getPathParameters(true));
        check(uri.getQueryParameters(true));
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String problem = UnstorableCharacters.problem(parameter.getKey());
            for (String value : parameter.getValue()) {
                problem = problem != null ? problem : UnstorableCharacters.problem(value);
            }
            if (problem != null) {
                // The name itself may hold the character: never echo it raw.
                throw new ValidationException(StorableTextJson.printable(parameter.getKey()), problem);
            }
        }
    }
}
