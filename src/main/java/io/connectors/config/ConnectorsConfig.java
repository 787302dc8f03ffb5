package io.connectors.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of this service under {@code connectors.*} (the tester's and the egress guard's have their own mappings
 * in {@code io.connectors.mcp}). Each can be set by environment variable
 * ({@code connectors.secrets.key} is {@code CONNECTORS_SECRETS_KEY}).
 */
@ConfigMapping(prefix = "connectors")
public interface ConnectorsConfig {

    Secrets secrets();

    Auth auth();

    Limits limits();

    /**
     * The service's external base URL, such as {@code https://connectors.example.com} (no trailing slash): OAuth
     * connectors' redirect URI is {@code <public-url>/oauth/callback} and their client ID metadata document is
     * {@code <public-url>/oauth/client-metadata.json}. Required for OAuth sign-ins in production.
     */
    Optional<String> publicUrl();

    /** Predefined OAuth MCPs by key ({@code gmail}, {@code google_calendar}, {@code google_drive}…). */
    Map<String, OAuthMcp> oauthMcps();

    /** OAuth integration providers by name ({@code google}), for refreshing users' tokens. */
    Map<String, IntegrationProvider> integrations();

    interface OAuthMcp {
        /** Display name. */
        String name();

        /** Integration provider the user must have connected, such as {@code google}. */
        String provider();

        /** OAuth scopes the user's integration must grant. */
        Optional<List<String>> scopes();

        /** Position in lists (lower first), then name. */
        @WithDefault("100")
        int order();

        /** Toolsets, each an MCP endpoint, by toolset name. */
        Map<String, Toolset> toolsets();
    }

    interface Toolset {
        /** What the toolset offers, for people choosing connectors. */
        String description();

        /** Absolute URL of the toolset's MCP endpoint; unset leaves the toolset unconfigured. */
        Optional<String> url();
    }

    interface IntegrationProvider {
        /** OAuth token endpoint used to refresh expired access tokens. */
        Optional<String> tokenUrl();

        /** OAuth client id of this service at the provider. */
        Optional<String> clientId();

        /** OAuth client secret of this service at the provider. */
        Optional<String> clientSecret();
    }

    interface Secrets {
        /**
         * Base64 of the 32-byte AES key that encrypts header values, secret variables and OAuth tokens.
         * Required in production; dev mode and tests use a fixed key.
         */
        Optional<String> key();

        /** Older keys (base64, comma-separated), still used to read values written under them. */
        Optional<List<String>> previousKeys();
    }

    interface Auth {
        /** Token claim holding the JSON array of organization ids the caller belongs to. */
        @WithDefault("orgs")
        String organizationsClaim();

        /** Token claim naming the kind of caller. */
        @WithDefault("actor")
        String actorClaim();

        /**
         * Value of the actor claim that marks an AI teammate acting through the organization-action tool, compared
         * case-insensitively; the claim may be a string or an array of strings (any element may name it).
         */
        @WithDefault("ai")
        String aiActor();

        /**
         * Scope a token must hold to read resolved runtime configuration (with secrets) of a teammate. It counts
         * only for a token issued to one of {@link #runtimeClients()}.
         */
        @WithDefault("connectors.runtime")
        String runtimeScope();

        /**
         * OAuth client ids of the agent runtime: a token's {@code azp} (or, without one, {@code client_id}) must be
         * one of them for its runtime scope to count, so a person's token that happens to hold the scope reads no
         * secrets.
         */
        @WithDefault("agent-runtime")
        List<String> runtimeClients();

        /** Token claim naming the AI teammate an AI token acts as (matched against {@code employee_id}). */
        @WithDefault("sub")
        String teammateClaim();
    }

    interface Limits {
        /** Most connectors one list call returns; larger organizations page with {@code after}. */
        @WithDefault("500")
        int pageSize();

        /** Most headers one connector may carry. */
        @WithDefault("32")
        int maxHeaders();

        /** Longest header value, in characters. */
        @WithDefault("8192")
        int maxHeaderValueLength();

        /** Longest variable value, in characters. */
        @WithDefault("16384")
        int maxVariableValueLength();
    }
}
