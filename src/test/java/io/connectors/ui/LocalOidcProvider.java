package io.connectors.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.connectors.config.LocalSigningKey;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID provider on 127.0.0.1 for the page's sign-in test: discovery, an authorization endpoint that
 * approves at once, and a token endpoint that checks the PKCE verifier and hands out a token signed by the key the
 * test profile verifies with. It checks what a real provider checks of a public client (client id, redirect URI,
 * S256 challenge), so a page that skipped PKCE would fail. Its identity token echoes the sign-in's nonce, or, when a
 * test says so, leaves it out or gets it wrong.
 */
public class LocalOidcProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "connectors-page";
    static final String USER = "oidc-person";
    static final String ORGANIZATION = "org-oidc";

    /** Token requests whose verifier matched the challenge. */
    static final AtomicInteger verifiedExchanges = new AtomicInteger();

    /** What the identity token says about the sign-in's nonce; a test changes it to play a faulty provider. */
    enum NonceAnswer { ECHOED, OMITTED, WRONG, NO_ID_TOKEN }

    static volatile NonceAnswer nonceAnswer = NonceAnswer.ECHOED;

    private record Grant(String challenge, String redirectUri, String nonce) {
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", exchange -> send(exchange, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token"}"""
                .formatted(issuer)));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
        return Map.of("connectors.ui.oidc.client-id", CLIENT_ID, "connectors.ui.oidc.authority", issuer);
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))
                || !"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null
                || query.get("state") == null) {
            send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        grants.put(code, new Grant(query.get("code_challenge"), query.get("redirect_uri"), query.get("nonce")));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        if ("OPTIONS".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "content-type");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = grants.remove(String.valueOf(form.get("code")));
        if (grant == null || !CLIENT_ID.equals(form.get("client_id")) || !grant.redirectUri().equals(form.get("redirect_uri"))
                || !grant.challenge().equals(s256(form.getOrDefault("code_verifier", "")))) {
            send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        verifiedExchanges.incrementAndGet();
        var idToken = Tokens.builder(USER, ORGANIZATION).audience(CLIENT_ID);
        switch (nonceAnswer) {
            case ECHOED -> idToken.claim("nonce", String.valueOf(grant.nonce()));
            case WRONG -> idToken.claim("nonce", "not-the-nonce-of-this-sign-in");
            default -> { }
        }
        String idTokenField = nonceAnswer == NonceAnswer.NO_ID_TOKEN ? ""
                : ",\"id_token\":\"" + idToken.sign(LocalSigningKey.privateKey()) + "\"";
        send(exchange, 200, "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":3600%s}"
                .formatted(Tokens.staff(USER, ORGANIZATION), idTokenField));
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> values = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
