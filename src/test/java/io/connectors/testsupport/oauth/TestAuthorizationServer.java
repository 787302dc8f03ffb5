package io.connectors.testsupport.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small, real OAuth 2.1 authorization server on an embedded Jetty (127.0.0.1, free port), enough to sign a client
 * in the way the MCP authorization spec does: RFC 8414 metadata (or only OpenID discovery), RFC 7591 dynamic
 * registration, client ID metadata documents (fetched from the client's URL, which must be loopback here),
 * pre-registered clients, {@code /authorize} that approves at once and redirects with {@code code}, {@code state}
 * (and {@code iss}), {@code /token} verifying the client, the redirect URI, PKCE S256 and the RFC 8707 resource,
 * short-lived access tokens, refresh with rotation, RFC 7009 {@code /revoke}. It counts what it was asked and can be
 * told to refuse ({@code invalid_grant}, {@code invalid_client}).
 */
public final class TestAuthorizationServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An issued access token: whom for, which resource, until when, which scopes. */
    public record AccessToken(String clientId, String resource, Instant expiresAt, String scope) {
    }

    private record Code(String clientId, String redirectUri, String challenge, String scope, String resource,
            Instant expiresAt) {
    }

    private record Refresh(String clientId, String resource, String scope) {
    }

    private final Server jetty;
    private final int port;
    private volatile boolean openIdOnly;
    private volatile boolean dynamicRegistration = true;
    private volatile boolean metadataDocuments;
    private volatile boolean issuerParameter = true;
    private volatile boolean s256 = true;
    private volatile boolean revocation = true;
    private volatile String issuerPath = "";
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile Duration tokenDelay = Duration.ZERO;
    private volatile String refusedRefresh;
    private final Map<String, String> metadataOverrides = new ConcurrentHashMap<>();
    private final Map<String, String> preRegistered = new ConcurrentHashMap<>();
    private final Map<String, String> registered = new ConcurrentHashMap<>();
    private final Set<String> refusedClients = ConcurrentHashMap.newKeySet();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger codeExchanges = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger metadataRequests = new AtomicInteger();
    private final List<String> revoked = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();
    private final List<String> issuedAccessTokens = new CopyOnWriteArrayList<>();
    private final List<String> issuedRefreshTokens = new CopyOnWriteArrayList<>();

    private TestAuthorizationServer() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Endpoints()), "/*");
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    public static TestAuthorizationServer start() {
        try {
            return new TestAuthorizationServer();
        } catch (Exception e) {
            throw new IllegalStateException("Test authorization server did not start", e);
        }
    }

    // --- switches ---

    /** Publish only OpenID discovery (no RFC 8414 document). */
    public TestAuthorizationServer openIdOnly() {
        openIdOnly = true;
        return this;
    }

    /** The issuer has a path ({@code /tenant}): metadata is found by path insertion. */
    public TestAuthorizationServer issuerPath(String path) {
        issuerPath = path;
        return this;
    }

    public TestAuthorizationServer withoutDynamicRegistration() {
        dynamicRegistration = false;
        return this;
    }

    public TestAuthorizationServer withMetadataDocuments() {
        metadataDocuments = true;
        return this;
    }

    public TestAuthorizationServer withoutIssuerParameter() {
        issuerParameter = false;
        return this;
    }

    public TestAuthorizationServer withoutS256() {
        s256 = false;
        return this;
    }

    public TestAuthorizationServer withoutRevocation() {
        revocation = false;
        return this;
    }

    /** Replaces a metadata field's value (a lying server: e.g. a token endpoint on a private address). */
    public TestAuthorizationServer metadata(String field, String value) {
        metadataOverrides.put(field, value);
        return this;
    }

    public TestAuthorizationServer preRegister(String clientId, String secret) {
        preRegistered.put(clientId, secret);
        return this;
    }

    public TestAuthorizationServer accessTokenLifetime(Duration lifetime) {
        accessTokenLifetime = lifetime;
        return this;
    }

    /** Token endpoint answers after this long (lets concurrent refreshes overlap). */
    public TestAuthorizationServer tokenDelay(Duration delay) {
        tokenDelay = delay;
        return this;
    }

    /** Every refresh is answered with this error ({@code invalid_grant}…); null: refresh works. */
    public void refuseRefresh(String error) {
        refusedRefresh = error;
    }

    /**
     * The server stops accepting the clients it registered: its token endpoint answers them {@code invalid_client}
     * (its authorization page still lets the browser through, as a server whose registrations expired may).
     */
    public void forgetRegisteredClients() {
        refusedClients.addAll(registered.keySet());
    }

    /** Marks an access token expired now (the resource server then refuses it). */
    public void expire(String accessToken) {
        accessTokens.computeIfPresent(accessToken, (k, t) -> new AccessToken(t.clientId(), t.resource(),
                Instant.now().minusSeconds(1), t.scope()));
    }

    // --- what happened ---

    public String issuer() {
        return "http://127.0.0.1:" + port + issuerPath;
    }

    public int port() {
        return port;
    }

    public int registrations() {
        return registrations.get();
    }

    public int codeExchanges() {
        return codeExchanges.get();
    }

    public int refreshes() {
        return refreshes.get();
    }

    public int metadataRequests() {
        return metadataRequests.get();
    }

    public List<String> revoked() {
        return List.copyOf(revoked);
    }

    public List<Map<String, String>> authorizeRequests() {
        return List.copyOf(authorizeRequests);
    }

    public List<String> issuedAccessTokens() {
        return List.copyOf(issuedAccessTokens);
    }

    public List<String> issuedRefreshTokens() {
        return List.copyOf(issuedRefreshTokens);
    }

    /** The token's grant if it is a live access token for {@code resource}, else {@code null}. */
    public AccessToken validAccessToken(String token, String resource) {
        AccessToken found = token == null ? null : accessTokens.get(token);
        if (found == null || found.expiresAt().isBefore(Instant.now()) || !resource.equals(found.resource())) {
            return null;
        }
        return found;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode metadata() {
        ObjectNode json = JSON.createObjectNode();
        String base = "http://127.0.0.1:" + port;
        json.put("issuer", issuer());
        json.put("authorization_endpoint", base + "/authorize");
        json.put("token_endpoint", base + "/token");
        if (dynamicRegistration) {
            json.put("registration_endpoint", base + "/register");
        }
        if (revocation) {
            json.put("revocation_endpoint", base + "/revoke");
        }
        json.putArray("response_types_supported").add("code");
        json.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        var methods = json.putArray("code_challenge_methods_supported").add("plain");
        if (s256) {
            methods.add("S256");
        }
        json.putArray("token_endpoint_auth_methods_supported").add("none").add("client_secret_basic")
                .add("client_secret_post");
        json.putArray("scopes_supported").add("read").add("write");
        json.put("client_id_metadata_document_supported", metadataDocuments);
        json.put("authorization_response_iss_parameter_supported", issuerParameter);
        metadataOverrides.forEach(json::put);
        return json;
    }

    private final class Endpoints extends HttpServlet {

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            String rfc8414 = "/.well-known/oauth-authorization-server" + issuerPath;
            String openId = issuerPath.isEmpty() ? "/.well-known/openid-configuration"
                    : "/.well-known/openid-configuration" + issuerPath;
            if ((path.equals(rfc8414) && !openIdOnly) || path.equals(openId)) {
                metadataRequests.incrementAndGet();
                json(response, 200, metadata());
            } else if (path.equals("/authorize")) {
                authorize(request, response);
            } else {
                response.sendError(404);
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getRequestURI();
            byte[] body = request.getInputStream().readAllBytes();
            switch (path) {
                case "/register" -> register(body, response);
                case "/token" -> token(form(body), request.getHeader("Authorization"), response);
                case "/revoke" -> {
                    Map<String, String> form = form(body);
                    revoked.add(form.get("token"));
                    accessTokens.remove(form.get("token"));
                    refreshTokens.remove(form.get("token"));
                    response.setStatus(200);
                }
                default -> response.sendError(404);
            }
        }

        private void authorize(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, String> params = new LinkedHashMap<>();
            request.getParameterMap().forEach((k, v) -> params.put(k, v[0]));
            authorizeRequests.add(params);
            String clientId = params.get("client_id");
            String redirect = params.get("redirect_uri");
            if (clientId == null || redirect == null || !knownRedirect(clientId, redirect)
                    || !"code".equals(params.get("response_type"))
                    || !"S256".equals(params.get("code_challenge_method")) || params.get("code_challenge") == null) {
                response.sendError(400, "bad authorization request");
                return;
            }
            String code = random();
            codes.put(code, new Code(clientId, redirect, params.get("code_challenge"), params.get("scope"),
                    params.get("resource"), Instant.now().plusSeconds(60)));
            StringBuilder location = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?')
                    .append("code=").append(code)
                    .append("&state=").append(URLEncoder.encode(params.get("state"), StandardCharsets.UTF_8));
            if (issuerParameter) {
                location.append("&iss=").append(URLEncoder.encode(issuer(), StandardCharsets.UTF_8));
            }
            response.setStatus(302);
            response.setHeader("Location", location.toString());
        }

        /** Pre-registered and registered clients have their redirect URIs; a URL client id is fetched. */
        private boolean knownRedirect(String clientId, String redirect) {
            if (preRegistered.containsKey(clientId)) {
                return true;
            }
            String registeredRedirect = registered.get(clientId);
            if (registeredRedirect != null) {
                return registeredRedirect.equals(redirect);
            }
            if (metadataDocuments && clientId.startsWith("http://127.0.0.1:")) {
                try {
                    HttpResponse<String> document = HttpClient.newHttpClient().send(
                            HttpRequest.newBuilder(URI.create(clientId)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    JsonNode json = JSON.readTree(document.body());
                    if (document.statusCode() == 200 && clientId.equals(json.path("client_id").asText())) {
                        for (JsonNode uri : json.path("redirect_uris")) {
                            if (uri.asText().equals(redirect)) {
                                return true;
                            }
                        }
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        private void register(byte[] body, HttpServletResponse response) throws IOException {
            if (!dynamicRegistration) {
                response.sendError(404);
                return;
            }
            JsonNode request = JSON.readTree(body);
            String redirect = request.path("redirect_uris").path(0).asText("");
            if (redirect.isEmpty()) {
                json(response, 400, JSON.createObjectNode().put("error", "invalid_redirect_uri"));
                return;
            }
            registrations.incrementAndGet();
            String clientId = "dyn-" + random().substring(0, 12);
            registered.put(clientId, redirect);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("client_id", clientId);
            answer.set("redirect_uris", request.path("redirect_uris"));
            answer.put("token_endpoint_auth_method", "none");
            json(response, 201, answer);
        }

        private void token(Map<String, String> form, String authorization, HttpServletResponse response)
                throws IOException {
            sleep(tokenDelay);
            String clientId = form.get("client_id");
            String secret = form.get("client_secret");
            if (authorization != null && authorization.startsWith("Basic ")) {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6)),
                        StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                clientId = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
            }
            if (clientId == null || refusedClients.contains(clientId) || !clientAuthenticates(clientId, secret)) {
                json(response, 401, JSON.createObjectNode().put("error", "invalid_client"));
                return;
            }
            String grant = form.getOrDefault("grant_type", "");
            if (grant.equals("authorization_code")) {
                codeExchanges.incrementAndGet();
                Code code = codes.remove(form.getOrDefault("code", ""));
                if (code == null || code.expiresAt().isBefore(Instant.now()) || !code.clientId().equals(clientId)
                        || !code.redirectUri().equals(form.get("redirect_uri"))
                        || !challenge(form.getOrDefault("code_verifier", "")).equals(code.challenge())
                        || (code.resource() != null && !code.resource().equals(form.get("resource")))) {
                    json(response, 400, JSON.createObjectNode().put("error", "invalid_grant"));
                    return;
                }
                issue(response, clientId, code.resource(), code.scope());
            } else if (grant.equals("refresh_token")) {
                refreshes.incrementAndGet();
                if (refusedRefresh != null) {
                    json(response, 400, JSON.createObjectNode().put("error", refusedRefresh));
                    return;
                }
                // Rotation: a refresh token works once; its successor is issued with the new access token.
                Refresh refresh = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                if (refresh == null || !refresh.clientId().equals(clientId)) {
                    json(response, 400, JSON.createObjectNode().put("error", "invalid_grant"));
                    return;
                }
                issue(response, clientId, refresh.resource(), refresh.scope());
            } else {
                json(response, 400, JSON.createObjectNode().put("error", "unsupported_grant_type"));
            }
        }

        private boolean clientAuthenticates(String clientId, String secret) {
            if (preRegistered.containsKey(clientId)) {
                String expected = preRegistered.get(clientId);
                return expected == null || expected.equals(secret);
            }
            return (registered.containsKey(clientId) && !refusedClients.contains(clientId)) || (metadataDocuments && clientId.startsWith("http"));
        }

        private void issue(HttpServletResponse response, String clientId, String resource, String scope)
                throws IOException {
            String access = "at-" + random();
            String refresh = "rt-" + random();
            accessTokens.put(access, new AccessToken(clientId, resource, Instant.now().plus(accessTokenLifetime),
                    scope));
            refreshTokens.put(refresh, new Refresh(clientId, resource, scope));
            issuedAccessTokens.add(access);
            issuedRefreshTokens.add(refresh);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("access_token", access);
            answer.put("token_type", "Bearer");
            answer.put("expires_in", accessTokenLifetime.toSeconds());
            answer.put("refresh_token", refresh);
            if (scope != null) {
                answer.put("scope", scope);
            }
            json(response, 200, answer);
        }
    }

    private static void json(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
