package io.connectors.ui.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What the web page needs to know before it can call the API: how to sign in and which token claim lists the
 * caller's organizations. Holds nothing secret.
 */
@Schema(name = "UiConfig")
public record UiConfigResponse(
        @Schema(description = "oidc: authorization code flow with PKCE; dev: a local token from /ui/dev-token; "
                + "token: the person supplies a bearer token", enumeration = { "oidc", "dev", "token" })
        String signIn,
        @Schema(description = "Set when sign_in is oidc") Oidc oidc,
        @Schema(description = "Token claim holding the caller's organization ids") String organizationsClaim) {

    /** The public OIDC client the page uses. */
    @Schema(name = "UiOidcConfig")
    public record Oidc(String authority, String clientId, String scopes, String extraParameters) {
    }
}
