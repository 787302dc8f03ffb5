package io.connectors.ui.rest;

import io.connectors.config.ConnectorsConfig;
import io.connectors.ui.UiConfig;
import io.connectors.ui.api.UiConfigResponse;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Optional;

/**
 * Tells the web page how to sign in. Public on purpose: the page reads it before it has a token.
 */
@Path("/ui/config")
public class UiConfigResource {

    private final UiConfigResponse response;

    public UiConfigResource(UiConfig ui, ConnectorsConfig connectors,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        this.response = describe(ui, connectors, authServerUrl, LaunchMode.current());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true) // the page's own route, not part of the API clients are generated from
    public Uni<UiConfigResponse> config() {
        return Uni.createFrom().item(response);
    }

    static UiConfigResponse describe(UiConfig ui, ConnectorsConfig connectors, Optional<String> authServerUrl,
            LaunchMode mode) {
        String claim = connectors.auth().organizationsClaim();
        Optional<String> authority = ui.oidc().authority().or(() -> authServerUrl);
        if (ui.oidc().clientId().isPresent() && authority.isPresent()) {
            var oidc = new UiConfigResponse.Oidc(authority.get(), ui.oidc().clientId().get(), ui.oidc().scopes(),
                    ui.oidc().extraParameters().orElse(""));
            return new UiConfigResponse("oidc", oidc, claim);
        }
        // Only dev mode ships the local token endpoint (DevTokenResource), so only dev mode may point the page at it.
        return new UiConfigResponse(mode == LaunchMode.DEVELOPMENT ? "dev" : "token", null, claim);
    }
}
