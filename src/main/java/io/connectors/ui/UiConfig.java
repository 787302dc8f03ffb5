package io.connectors.ui;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Settings of the web page served at {@code /mcps}, all under {@code connectors.ui.*}. The page signs people in with
 * the OIDC authorization code flow (PKCE, public client) when a client id is set; see {@code docs/ui.md}.
 */
@ConfigMapping(prefix = "connectors.ui")
public interface UiConfig {

    Oidc oidc();

    interface Oidc {
        /**
         * Public client id the page uses at the identity provider. Unset: the page does not sign in by itself (dev
         * mode hands it a local token; elsewhere it asks for a bearer token).
         */
        Optional<String> clientId();

        /**
         * Issuer URL of the identity provider whose {@code /.well-known/openid-configuration} the page reads. Unset:
         * {@code quarkus.oidc.auth-server-url}.
         */
        Optional<String> authority();

        /** Scopes the page asks for, space-separated. */
        @WithDefault("openid profile")
        String scopes();

        /** Extra authorization request parameters, as a query string (for example {@code audience=connectors}). */
        Optional<String> extraParameters();
    }
}
