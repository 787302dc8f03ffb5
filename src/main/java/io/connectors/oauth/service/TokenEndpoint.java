package io.connectors.oauth.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.OAuthFailure.Kind;
import io.connectors.oauth.RegisteredClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token endpoint requests (RFC 6749 §4.1.3 code exchange, §6 refresh) and revocation (RFC 7009), through
 * {@link OAuthHttp}. Failures are typed by the {@code error} the server sent ({@code invalid_grant},
 * {@code invalid_client}); its free-text {@code error_description} is never shown (the server wrote it).
 */
@Singleton
public class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TOKEN = 16384;

    private final OAuthHttp http;

    public TokenEndpoint(OAuthHttp http) {
        this.http = http;
    }

    /** A token answer; {@code refreshToken} {@code null} when none (or, on refresh, the old one stays). */
    public record Tokens(String accessToken, String refreshToken, Instant expiresAt, String scope) {

        @Override
        public String toString() {
            return "Tokens[expiresAt=" + expiresAt + ", scope=" + scope + "]";
        }
    }

    public Uni<Tokens> exchangeCode(URI endpoint, RegisteredClient client, String code, String verifier,
            String redirectUri, String resource, String label) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        if (resource != null) {
            form.put("resource", resource);
        }
        return call(endpoint, client, form, label);
    }

    public Uni<Tokens> refresh(URI endpoint, RegisteredClient client, String refreshToken, String resource,
            String label) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (resource != null) {
            form.put("resource", resource);
        }
        return call(endpoint, client, form, label);
    }

    /** RFC 7009: revokes {@code token}; any answer but 200 fails (the caller still forgets the token). */
    public Uni<Void> revoke(URI endpoint, RegisteredClient client, String token, String hint, String label) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        String basic = authenticate(client, form);
        return http.postForm(endpoint, form, basic, label + "'s revocation endpoint").map(answer -> {
            if (answer.status() != 200) {
                throw new OAuthFailure(Kind.TOKEN_ERROR, "The revocation endpoint answered HTTP " + answer.status());
            }
            return null;
        });
    }

    private Uni<Tokens> call(URI endpoint, RegisteredClient client, Map<String, String> form, String label) {
        String basic = authenticate(client, form);
        return http.postForm(endpoint, form, basic, label + "'s token endpoint").map(answer -> {
            JsonNode json = parse(answer.body());
            if (answer.status() != 200) {
                String error = json == null ? "" : json.path("error").asText("");
                String code = safeCode(error);
                if ("invalid_grant".equals(error)) {
                    throw new OAuthFailure(Kind.INVALID_GRANT, "The authorization server no longer accepts this "
                            + "sign-in (invalid_grant)");
                }
                if ("invalid_client".equals(error) || answer.status() == 401) {
                    throw new OAuthFailure(Kind.INVALID_CLIENT, "The authorization server refused this service's "
                            + "client (invalid_client)");
                }
                throw new OAuthFailure(Kind.TOKEN_ERROR, "The token endpoint answered HTTP " + answer.status()
                        + (code == null ? "" : " (" + code + ")"));
            }
            if (json == null) {
                throw new OAuthFailure(Kind.TOKEN_ERROR, "The token endpoint's answer is not JSON");
            }
            String access = json.path("access_token").asText("");
            if (access.isEmpty() || !isToken(access)) {
                throw new OAuthFailure(Kind.TOKEN_ERROR, "The token endpoint's answer has no usable access token");
            }
            String type = json.path("token_type").asText("bearer");
            if (!type.equalsIgnoreCase("bearer")) {
                throw new OAuthFailure(Kind.TOKEN_ERROR, "The token endpoint issued a token of another type than "
                        + "Bearer");
            }
            String refresh = json.path("refresh_token").asText("");
            Instant expiresAt = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                    ? Instant.now().plusSeconds(Math.min(json.path("expires_in").asLong(), 10L * 365 * 86400))
                    : null;
            String scope = json.hasNonNull("scope") ? json.path("scope").asText() : null;
            return new Tokens(access, refresh.isEmpty() || !isToken(refresh) ? null : refresh, expiresAt, scope);
        });
    }

    /** Adds the client's credentials to the form, or returns the Basic header value (RFC 6749 §2.3.1). */
    private static String authenticate(RegisteredClient client, Map<String, String> form) {
        if (client.clientId() == null) {
            // A provider configured without a client (its refresh tokens stand alone): nothing to add.
            return null;
        }
        if (client.clientSecret() == null || RegisteredClient.NONE.equals(client.authMethod())) {
            form.put("client_id", client.clientId());
            return null;
        }
        if (RegisteredClient.POST.equals(client.authMethod())) {
            form.put("client_id", client.clientId());
            form.put("client_secret", client.clientSecret());
            return null;
        }
        String pair = urlEncode(client.clientId()) + ":" + urlEncode(client.clientSecret());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Printable ASCII without spaces, bounded: a header value can't be smuggled through a token. */
    static boolean isToken(String token) {
        if (token.length() > MAX_TOKEN) {
            return false;
        }
        return token.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /** An {@code error} code worth showing: RFC 6749 error codes are short and plain. */
    static String safeCode(String error) {
        if (error == null || error.isEmpty() || error.length() > 40) {
            return null;
        }
        return error.chars().allMatch(c -> (c >= 'a' && c <= 'z') || c == '_') ? error : null;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }
}
