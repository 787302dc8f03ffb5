package io.connectors.mcp.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.mcp.TesterConfig;
import io.connectors.mcp.client.McpCallException;
import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.EgressHttpClient;
import io.connectors.egress.EgressVerdicts;
import io.connectors.oauth.IntegrationProvider;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Refreshes a user's OAuth access token at the provider's token endpoint ({@code grant_type=refresh_token}), through
 * the same egress guard and proxy as every MCP call. Never logs a token.
 */
@Singleton
public class TokenRefresher {

    /** A token answer is a few hundred bytes; anything this large is not one. */
    private static final int MAX_TOKEN_RESPONSE = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Egress egress;
    private final TesterConfig config;

    public TokenRefresher(Egress egress, TesterConfig config) {
        this.egress = egress;
        this.config = config;
    }

    /** New tokens; {@code refreshToken} is {@code null} when the provider kept the old one. */
    public record Refreshed(String accessToken, String refreshToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "Refreshed[expiresAt=" + expiresAt + "]";
        }
    }

    public Uni<Refreshed> refresh(IntegrationProvider provider, String refreshToken, String label) {
        URI tokenUrl;
        try {
            tokenUrl = URI.create(provider.tokenUrl());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(failure(label, "its token endpoint is not a valid URL"));
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        provider.clientId().ifPresent(id -> form.put("client_id", id));
        provider.clientSecret().ifPresent(secret -> form.put("client_secret", secret));
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .timeout(config.totalTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"))))
                .build();
        // Only the checks that need no lookup here: the proxy resolves the host once and says if the guard refused it.
        if (EgressGuard.shapeProblem(tokenUrl).isPresent()) {
            return Uni.createFrom().failure(unreachable(label));
        }
        EgressHttpClient http = egress.newClient();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()))
                .flatMap(response -> readBounded(response.body()).map(body -> {
                    if (refused(http)) {
                        throw unreachable(label);
                    }
                    if (response.statusCode() != 200) {
                        throw failure(label, "the provider answered HTTP " + response.statusCode()
                                + "; reconnect the integration");
                    }
                    return parse(body, label);
                }))
                .ifNoItem().after(config.totalTimeout()).failWith(() -> failure(label, "the provider did not answer"))
                .onFailure(f -> !(f instanceof McpCallException))
                .transform(f -> refused(http) ? unreachable(label) : failure(label, "the provider could not be reached"))
                .onTermination().invoke(http::endSession);
    }

    private static boolean refused(EgressHttpClient http) {
        return http.verdict().filter(v -> v.kind() == EgressVerdicts.Kind.REFUSED).isPresent();
    }

    private static McpCallException unreachable(String label) {
        return failure(label, "its token endpoint can't be reached from this service");
    }

    private static Uni<byte[]> readBounded(java.util.concurrent.Flow.Publisher<List<ByteBuffer>> body) {
        return Multi.createFrom().publisher(body)
                .collect().in(ByteArrayOutputStream::new, (out, buffers) -> {
                    for (ByteBuffer buffer : buffers) {
                        if (out.size() + buffer.remaining() > MAX_TOKEN_RESPONSE) {
                            throw new IllegalStateException("token response too large");
                        }
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        out.write(bytes, 0, bytes.length);
                    }
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static Refreshed parse(byte[] body, String label) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw failure(label, "the provider's answer is not JSON");
        }
        String access = json.path("access_token").asText(null);
        if (access == null || access.isBlank()) {
            throw failure(label, "the provider's answer has no access token");
        }
        String refresh = json.path("refresh_token").asText(null);
        Instant expiresAt = json.hasNonNull("expires_in")
                ? Instant.now().plusSeconds(json.path("expires_in").asLong())
                : null;
        return new Refreshed(access, refresh == null || refresh.isBlank() ? null : refresh, expiresAt);
    }

    private static McpCallException failure(String label, String why) {
        return new McpCallException(McpCallException.Kind.TOKEN_REFRESH,
                "Refreshing the " + label + " token failed: " + why);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
