package io.connectors.oauth.service;

import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.EgressHttpClient;
import io.connectors.egress.EgressVerdicts;
import io.connectors.mcp.TesterConfig;
import io.connectors.oauth.OAuthFailure;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;

/**
 * Every OAuth request of the service (discovery, registration, token, revocation) goes out here: through egress's
 * guarded proxy (no redirects, connect deadline), with the tester's total deadline and a byte cap on the answer. A
 * refused or unreachable target reads the same, so metadata can't be used to map a network.
 */
@Singleton
public class OAuthHttp {

    /** Metadata documents and token answers are a few kilobytes; anything this large is not one. */
    static final int MAX_BODY = 64 * 1024;

    private final Egress egress;
    private final TesterConfig config;

    public OAuthHttp(Egress egress, TesterConfig config) {
        this.egress = egress;
        this.config = config;
    }

    /** An answer: status, headers and the (bounded) body. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public List<String> headerValues(String name) {
            return headers.allValues(name);
        }

        @Override
        public String toString() {
            return "Answer[status=" + status + ", bytes=" + body.length + "]";
        }
    }

    public Uni<Answer> get(URI url, String what) {
        return send(builder(url).header("Accept", "application/json").GET(), url, what);
    }

    /** A form POST ({@code application/x-www-form-urlencoded}); {@code basic} is an Authorization value or null. */
    public Uni<Answer> postForm(URI url, Map<String, String> form, String basic, String what) {
        HttpRequest.Builder request = builder(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"))));
        if (basic != null) {
            request.header("Authorization", basic);
        }
        return send(request, url, what);
    }

    /** A JSON POST with extra headers (the unauthenticated MCP probe, dynamic registration). */
    public Uni<Answer> postJson(URI url, String json, Map<String, String> headers, String what) {
        HttpRequest.Builder request = builder(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return send(request, url, what);
    }

    private HttpRequest.Builder builder(URI url) {
        return HttpRequest.newBuilder(url).timeout(config.totalTimeout());
    }

    private Uni<Answer> send(HttpRequest.Builder builder, URI url, String what) {
        // Only the checks that need no lookup here: the proxy resolves the host once and its guard decides.
        if (EgressGuard.shapeProblem(url).isPresent()) {
            return Uni.createFrom().failure(unreachable(what));
        }
        HttpRequest request = builder.build();
        EgressHttpClient http = egress.newClient();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher()))
                .flatMap(response -> readBounded(response.body(), what)
                        .map(body -> {
                            if (refused(http)) {
                                throw unreachable(what);
                            }
                            return new Answer(response.statusCode(), response.headers(), body);
                        }))
                .ifNoItem().after(config.totalTimeout())
                .failWith(() -> new OAuthFailure(OAuthFailure.Kind.UNREACHABLE, capitalize(what)
                        + " did not answer in time"))
                .onFailure(f -> !(f instanceof OAuthFailure)).transform(f -> unreachable(what))
                .onTermination().invoke(http::endSession);
    }

    private static boolean refused(EgressHttpClient http) {
        return http.verdict().filter(v -> v.kind() == EgressVerdicts.Kind.REFUSED).isPresent();
    }

    static OAuthFailure unreachable(String what) {
        return new OAuthFailure(OAuthFailure.Kind.UNREACHABLE, capitalize(what) + " can't be reached from this "
                + "service");
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Uni<byte[]> readBounded(Flow.Publisher<List<ByteBuffer>> body, String what) {
        return Multi.createFrom().publisher(body)
                .collect().in(ByteArrayOutputStream::new, (out, buffers) -> {
                    for (ByteBuffer buffer : buffers) {
                        if (out.size() + buffer.remaining() > MAX_BODY) {
                            throw new OAuthFailure(OAuthFailure.Kind.BAD_METADATA, capitalize(what)
                                    + " answered with more than " + (MAX_BODY / 1024) + " KiB");
                        }
                        byte[] bytes = new byte[buffer.remaining()];
                        buffer.get(bytes);
                        out.write(bytes, 0, bytes.length);
                    }
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
