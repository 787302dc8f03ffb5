package io.connectors.ui.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.config.LocalSigningKey;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dev mode only: hands the web page a staff token for organization {@code demo}, signed by the local key that dev
 * mode verifies with, so a newcomer can use the page with no identity provider. The class exists only in the dev
 * build profile: a production or test build has no such route.
 */
@IfBuildProfile("dev")
@Path("/ui/dev-token")
public class DevTokenResource {

    static final String DEMO_ORGANIZATION = "demo";
    static final String DEV_USER = "developer";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final ObjectMapper mapper;

    public DevTokenResource(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A fresh token; POST so that no cache or prefetch keeps one. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true) // the page's own route, not part of the API clients are generated from
    public Uni<Map<String, Object>> token() throws JsonProcessingException {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", LocalSigningKey.ISSUER);
        claims.put("sub", DEV_USER);
        claims.put("orgs", List.of(DEMO_ORGANIZATION));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        String token = LocalSigningKey.sign(mapper.writeValueAsString(claims));
        return Uni.createFrom().item(Map.of("access_token", token, "expires_in", LIFETIME.toSeconds()));
    }
}
