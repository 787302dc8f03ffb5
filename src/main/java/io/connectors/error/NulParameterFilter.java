package io.connectors.error;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose decoded path or query parameters hold NUL ({@link UnstorableCharacters}) with a 400
 * naming the parameter, for every route at once. JSON bodies are covered by {@link NulRejectingJson}.
 */
public class NulParameterFilter {

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public void rejectNul(UriInfo uri) {
        check(uri.getPathParameters(true));
        check(uri.getQueryParameters(true));
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            boolean nul = UnstorableCharacters.contains(parameter.getKey());
            for (String value : parameter.getValue()) {
                nul |= UnstorableCharacters.contains(value);
            }
            if (nul) {
                // The name itself may hold the NUL: never echo it raw.
                throw new ValidationException(parameter.getKey().replace('\u0000', '?'), UnstorableCharacters.MESSAGE);
            }
        }
    }
}
