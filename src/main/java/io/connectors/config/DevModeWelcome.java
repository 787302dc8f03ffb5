package io.connectors.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Tells a developer in dev mode how to call the API: a ready staff token, an AI-teammate token and where Swagger UI
 * is. Tokens are signed by the local key that dev mode verifies with, so no identity provider is needed.
 */
@IfBuildProfile("dev")
public class DevModeWelcome {

    static final String DEMO_ORGANIZATION = "demo";

    void onStart(@Observes StartupEvent event, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) throws Exception {
        String staff = devToken(mapper, "developer", null);
        String ai = devToken(mapper, "teammate-1", "ai");
        String base = "http://localhost:" + port;
        Log.infof("""

                Connectors dev mode is ready.
                  Swagger UI:  %1$s/q/swagger-ui
                  Staff token (organization '%2$s', valid 12 h):
                    export TOKEN=%3$s
                    curl -H "Authorization: Bearer $TOKEN" %1$s/api/organizations/%2$s/mcps
                  AI teammate token (actor 'ai'):
                    export AI_TOKEN=%4$s
                """, base, DEMO_ORGANIZATION, staff, ai);
    }

    static String devToken(ObjectMapper mapper, String subject, String actor) throws Exception {
        Instant now = Instant.now();
        var claims = new java.util.LinkedHashMap<String, Object>(Map.of(
                "iss", LocalSigningKey.ISSUER,
                "sub", subject,
                "orgs", List.of(DEMO_ORGANIZATION),
                "iat", now.getEpochSecond(),
                "exp", now.plus(Duration.ofHours(12)).getEpochSecond()));
        if (actor != null) {
            claims.put("actor", actor);
        }
        return LocalSigningKey.sign(mapper.writeValueAsString(claims));
    }
}
