package io.connectors.oauth.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.egress.OutboundUrl;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.OAuthFailure.Kind;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a connector's authorization server the way the MCP authorization spec (2025-11-25) says: the server's 401
 * {@code WWW-Authenticate} {@code resource_metadata} (RFC 9728), else its well-known protected resource metadata
 * (path-inserted, then root); then the authorization server's metadata (RFC 8414 with path insertion, else OpenID
 * discovery). All of it is written by the remote side: every URL it names is checked ({@link OutboundUrl}, https
 * unless the server itself is plain http) before use and again by the egress guard when dialed; the issuer must
 * match, S256 must be offered. Plain Jackson, not an OAuth library: the few fields needed are read and checked here,
 * and no library's own HTTP sending can bypass egress.
 */
@Singleton
public class AuthorizationDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROBE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"connectors\","
            + "\"version\":\"1.0.0\"}}}";

    private final OAuthHttp http;

    public AuthorizationDiscovery(OAuthHttp http) {
        this.http = http;
    }

    /** What the challenge and the metadata said, checked. */
    public record Discovered(String resource, List<String> challengeScopes, List<String> resourceScopes,
            ServerMetadata server) {
    }

    /** The authorization server's metadata, each URL checked. */
    public record ServerMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint,
            URI registrationEndpoint, URI revocationEndpoint, List<String> scopesSupported,
            boolean clientIdMetadataDocumentSupported, boolean issuerParameterSupported,
            List<String> tokenEndpointAuthMethods) {
    }

    /** A {@code WWW-Authenticate: Bearer} challenge's parameters we use. */
    public record Challenge(String error, String scope, String resourceMetadata) {
    }

    public Uni<Discovered> discover(URI server) {
        return http.postJson(server, PROBE, Map.of("Accept", "application/json, text/event-stream",
                        "MCP-Protocol-Version", "2025-11-25"), "the MCP server")
                .flatMap(answer -> {
                    Optional<Challenge> challenge = answer.status() == 401 || answer.status() == 403
                            ? bearerChallenge(answer.headerValues("WWW-Authenticate")) : Optional.empty();
                    List<String> challengeScopes = challenge.map(c -> split(c.scope())).orElse(List.of());
                    Uni<JsonNode> metadata;
                    if (challenge.isPresent() && challenge.get().resourceMetadata() != null) {
                        URI url = checkedUrl(challenge.get().resourceMetadata(), server, "resource_metadata");
                        metadata = fetchJson(url, "the server's protected resource metadata");
                    } else {
                        metadata = wellKnownResource(server);
                    }
                    return metadata.flatMap(prm -> {
                        String resource = checkResource(prm, server);
                        List<String> servers = strings(prm.path("authorization_servers"));
                        if (servers.isEmpty()) {
                            throw new OAuthFailure(Kind.BAD_METADATA, "The server's protected resource metadata "
                                    + "names no authorization server");
                        }
                        URI issuer = checkedUrl(servers.get(0), server, "authorization_servers");
                        return serverMetadata(issuer, server).map(as -> new Discovered(resource, challengeScopes,
                                strings(prm.path("scopes_supported")), as));
                    });
                });
    }

    /**
     * The server's {@code Bearer} challenge to a request carrying {@code headers} (the connector's, token
     * included), if it refuses it: to tell {@code insufficient_scope} from a token it no longer accepts.
     */
    public Uni<Optional<Challenge>> challenge(URI server, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Accept", "application/json, text/event-stream");
        all.put("MCP-Protocol-Version", "2025-11-25");
        return http.postJson(server, PROBE, all, "the MCP server")
                .map(answer -> answer.status() == 401 || answer.status() == 403
                        ? bearerChallenge(answer.headerValues("WWW-Authenticate")) : Optional.empty());
    }

    /** RFC 9728 §3: {@code /.well-known/oauth-protected-resource} inserted before the path, then at the root. */
    private Uni<JsonNode> wellKnownResource(URI server) {
        String origin = origin(server);
        String path = trimmedPath(server);
        List<URI> candidates = new ArrayList<>();
        if (!path.isEmpty()) {
            candidates.add(URI.create(origin + "/.well-known/oauth-protected-resource" + path));
        }
        candidates.add(URI.create(origin + "/.well-known/oauth-protected-resource"));
        return firstFound(candidates, "the server's protected resource metadata", 0)
                .onItem().ifNull().failWith(() -> new OAuthFailure(Kind.NOT_PROTECTED, "The server didn't ask for "
                        + "an OAuth sign-in and publishes no protected resource metadata (RFC 9728): it may not use "
                        + "OAuth; use auth: headers"));
    }

    /**
     * RFC 8414 §3.1 and OpenID discovery, in the MCP spec's order: with a path, OAuth then OpenID with the path
     * inserted, then OpenID with the path appended; without, OAuth then OpenID at the root.
     */
    private Uni<ServerMetadata> serverMetadata(URI issuer, URI server) {
        String origin = origin(issuer);
        String path = trimmedPath(issuer);
        List<URI> candidates = new ArrayList<>();
        if (path.isEmpty()) {
            candidates.add(URI.create(origin + "/.well-known/oauth-authorization-server"));
            candidates.add(URI.create(origin + "/.well-known/openid-configuration"));
        } else {
            candidates.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
            candidates.add(URI.create(origin + "/.well-known/openid-configuration" + path));
            candidates.add(URI.create(origin + path + "/.well-known/openid-configuration"));
        }
        return firstFound(candidates, "the authorization server's metadata", 0)
                .onItem().ifNull().failWith(() -> new OAuthFailure(Kind.BAD_METADATA, "The authorization server "
                        + "publishes no metadata (RFC 8414 or OpenID discovery)"))
                .map(json -> checkServer(json, issuer, server));
    }

    private Uni<JsonNode> firstFound(List<URI> candidates, String what, int index) {
        if (index >= candidates.size()) {
            return Uni.createFrom().nullItem();
        }
        return http.get(candidates.get(index), what).flatMap(answer -> {
            if (answer.status() == 200) {
                return Uni.createFrom().item(parse(answer.body(), what));
            }
            if (answer.status() == 404 || answer.status() == 400 || answer.status() == 405) {
                return firstFound(candidates, what, index + 1);
            }
            return Uni.createFrom().failure(new OAuthFailure(Kind.BAD_METADATA, OAuthHttp.capitalize(what)
                    + " answered HTTP " + answer.status()));
        });
    }

    private Uni<JsonNode> fetchJson(URI url, String what) {
        return http.get(url, what).map(answer -> {
            if (answer.status() != 200) {
                throw new OAuthFailure(Kind.BAD_METADATA, OAuthHttp.capitalize(what) + " answered HTTP "
                        + answer.status());
            }
            return parse(answer.body(), what);
        });
    }

    private static ServerMetadata checkServer(JsonNode json, URI issuer, URI server) {
        String stated = json.path("issuer").asText("");
        if (!sameIssuer(stated, issuer.toString())) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The authorization server's metadata names another issuer "
                    + "than the one it was fetched for; it is not used");
        }
        List<String> methods = strings(json.path("code_challenge_methods_supported"));
        if (!methods.contains("S256")) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The authorization server does not offer PKCE with S256 "
                    + "(code_challenge_methods_supported), which the MCP authorization spec requires");
        }
        URI authorization = requiredUrl(json, "authorization_endpoint", server);
        URI token = requiredUrl(json, "token_endpoint", server);
        URI registration = optionalUrl(json, "registration_endpoint", server);
        URI revocation = optionalUrl(json, "revocation_endpoint", server);
        List<String> authMethods = strings(json.path("token_endpoint_auth_methods_supported"));
        return new ServerMetadata(stated, authorization, token, registration, revocation,
                strings(json.path("scopes_supported")),
                json.path("client_id_metadata_document_supported").asBoolean(false),
                json.path("authorization_response_iss_parameter_supported").asBoolean(false),
                authMethods.isEmpty() ? List.of("client_secret_basic") : authMethods);
    }

    /** RFC 9728 §3.3: the metadata's {@code resource} must be the server's URL or a parent of it, same origin. */
    private static String checkResource(JsonNode prm, URI server) {
        String resource = prm.path("resource").asText("");
        if (resource.isEmpty()) {
            return canonical(server);
        }
        URI stated;
        try {
            stated = new URI(resource);
        } catch (URISyntaxException e) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The server's protected resource metadata has an invalid "
                    + "resource");
        }
        String statedPath = trimmedPath(stated);
        String serverPath = trimmedPath(server);
        boolean parent = statedPath.isEmpty() || serverPath.equals(statedPath) || serverPath.startsWith(statedPath + "/");
        if (!origin(stated).equals(origin(server)) || !parent || stated.getRawQuery() != null) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The server's protected resource metadata is for another "
                    + "resource than this server; it is not used");
        }
        return canonical(stated);
    }

    /** RFC 8707 / MCP "canonical server URI": lower-case scheme and host, no fragment, no trailing slash. */
    static String canonical(URI url) {
        String path = trimmedPath(url);
        return origin(url) + path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    private static URI requiredUrl(JsonNode json, String field, URI server) {
        String value = json.path(field).asText("");
        if (value.isEmpty()) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The authorization server's metadata has no " + field);
        }
        return checkedUrl(value, server, field);
    }

    private static URI optionalUrl(JsonNode json, String field, URI server) {
        String value = json.path(field).asText("");
        return value.isEmpty() ? null : checkedUrl(value, server, field);
    }

    /**
     * A URL named by metadata, before anything is sent to it: a valid absolute URL by egress's rules, without a
     * fragment, and https unless the MCP server itself was given as plain http. The egress guard judges its
     * addresses when it is dialed.
     */
    static URI checkedUrl(String value, URI server, String field) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The metadata's " + field + " is not a valid URL");
        }
        if (OutboundUrl.problemOfTemplate(url).isPresent()) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The metadata's " + field + " is not an absolute http(s) URL "
                    + "with a host");
        }
        boolean httpsServer = "https".equalsIgnoreCase(server.getScheme());
        if (httpsServer && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new OAuthFailure(Kind.BAD_METADATA, "The metadata's " + field + " is not an https URL; the "
                    + "sign-in would travel unencrypted");
        }
        return url;
    }

    private static boolean sameIssuer(String stated, String expected) {
        return !stated.isEmpty() && strip(stated).equals(strip(expected));
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static String trimmedPath(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new IOException("not an object");
            }
            return json;
        } catch (IOException e) {
            throw new OAuthFailure(Kind.BAD_METADATA, OAuthHttp.capitalize(what) + " is not a JSON object");
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(node -> {
                if (node.isTextual() && !node.asText().isBlank()) {
                    values.add(node.asText());
                }
            });
        }
        return values;
    }

    private static List<String> split(String scope) {
        return scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split(" +"));
    }

    /**
     * The parameters of the first {@code Bearer} challenge among the header values (RFC 6750 §3 auth-params:
     * {@code name=token} or {@code name="quoted"}); a linear scan, no regular expression.
     */
    public static Optional<Challenge> bearerChallenge(List<String> headerValues) {
        for (String header : headerValues) {
            int at = indexOfScheme(header);
            if (at < 0) {
                continue;
            }
            Map<String, String> params = new java.util.HashMap<>();
            int i = at + "bearer".length();
            int n = Math.min(header.length(), 8192);
            while (i < n) {
                while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == ',' || header.charAt(i) == '\t')) {
                    i++;
                }
                int nameStart = i;
                while (i < n && header.charAt(i) != '=' && header.charAt(i) != ' ' && header.charAt(i) != ',') {
                    i++;
                }
                String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
                if (i >= n || header.charAt(i) != '=') {
                    break; // another scheme starts here
                }
                i++;
                StringBuilder value = new StringBuilder();
                if (i < n && header.charAt(i) == '"') {
                    i++;
                    while (i < n && header.charAt(i) != '"') {
                        if (header.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        value.append(header.charAt(i));
                        i++;
                    }
                    i++;
                } else {
                    while (i < n && header.charAt(i) != ',' && header.charAt(i) != ' ') {
                        value.append(header.charAt(i));
                        i++;
                    }
                }
                params.putIfAbsent(name, value.toString());
            }
            return Optional.of(new Challenge(params.get("error"), params.get("scope"),
                    params.get("resource_metadata")));
        }
        return Optional.empty();
    }

    private static int indexOfScheme(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("bearer");
        while (at >= 0) {
            boolean start = at == 0 || lower.charAt(at - 1) == ' ' || lower.charAt(at - 1) == ',';
            boolean end = at + 6 == lower.length() || lower.charAt(at + 6) == ' ';
            if (start && end) {
                return at;
            }
            at = lower.indexOf("bearer", at + 1);
        }
        return -1;
    }
}
