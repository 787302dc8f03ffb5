package io.connectors.mcp.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.mcp.TesterConfig;
import io.connectors.egress.ByteBudget;
import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.EgressHttpClient;
import io.connectors.egress.EgressRefusedException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.jboss.logging.Logger;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.converters.uni.UniReactorConverters;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Lists the tools of one MCP endpoint through the MCP Java SDK: Streamable HTTP first; when the server answers the
 * {@code initialize} POST with 400, 404 or 405 (a server of the 2024-11-05 protocol), the legacy HTTP+SSE transport on
 * the same URL, as the MCP specification's backwards-compatibility section says. Follows {@code tools/list} pages to
 * the end (within bounds), sends a client name and version, and closes every session it opens.
 *
 * <p>Every call holds a slot of a pod-wide limit, has a connect deadline (connection and handshake) and a total
 * deadline (slot wait included), and goes out through {@link Egress}. Nothing here blocks a thread: the SDK's
 * Reactor types are bridged to Mutiny and results arrive on the JDK HTTP client's threads.
 */
public class McpToolLister {

    private static final Logger LOG = Logger.getLogger(McpToolLister.class);

    /** Transport names, as the runtime view reports them. */
    public static final String STREAMABLE_HTTP = "streamable_http";
    public static final String SSE = "sse";

    /** One endpoint to list: the URL and headers to send, and a label safe to show in errors. */
    public record Endpoint(URI url, Map<String, String> headers, String display) {

        /** The safe label only: the URL and headers carry injected secrets and tokens. */
        @Override
        public String toString() {
            return "Endpoint[" + display + "]";
        }
    }

    public record ToolInfo(String name, String description) {
    }

    /**
     * A successful listing: which transport answered, every tool as the tester shows it, and every tool as the
     * server described it (schemas and annotations included, for the gateway).
     */
    public record Listing(String transport, List<ToolInfo> tools, List<McpSchema.Tool> definitions) {

        public Listing(String transport, List<ToolInfo> tools) {
            this(transport, tools, List.of());
        }

        /**
         * A listing made again from the server's definitions (a cached list), its descriptions shortened as the
         * tester shows them; the transport is not known then.
         */
        public static Listing of(List<McpSchema.Tool> definitions, int maxDescriptionLength) {
            return new Listing(null, definitions.stream()
                    .map(tool -> new ToolInfo(tool.name(), shorten(tool.description(), maxDescriptionLength)))
                    .toList(), definitions);
        }
    }

    // The SDK gets its own mapper: the application's is snake_case, MCP's JSON is camelCase.
    static final McpJsonMapper JSON = new JacksonMcpJsonMapper(
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));

    /**
     * The proxy's own deadlines (lookup, connect) are the connect deadline too: the handshake's waits a little longer
     * so that a lookup or connect that timed out reads as the proxy's verdict, not as a server that did not answer.
     */
    static final Duration PROXY_VERDICT_GRACE = Duration.ofMillis(250);

    private final Egress egress;
    private final TesterConfig config;
    private final FairPermits permits;
    private final McpSchema.Implementation clientInfo;

    public McpToolLister(Egress egress, TesterConfig config) {
        this.egress = egress;
        this.config = config;
        this.permits = new FairPermits(config.maxConcurrent(), config.maxConcurrentPerOrganization(),
                config.maxQueued());
        this.clientInfo = new McpSchema.Implementation(config.clientName(), config.clientVersion());
    }

    /** Organizations with a session waiting or running (tests check the per-organization state goes away). */
    public int activeOrganizations() {
        return permits.activeKeys();
    }

    /** Lists the endpoint's tools outside any organization or request budget (benchmarks and unit tests). */
    public Uni<Listing> list(Endpoint endpoint) {
        return list(endpoint, "", ByteBudget.unlimited());
    }

    /**
     * Lists the endpoint's tools for {@code organizationId} (whose share of the pod's sessions it takes), counting
     * what the server sends against a toolset budget inside {@code requestBudget}. Fails only with
     * {@link McpCallException} (plain-text message), never hangs past the total deadline.
     */
    public Uni<Listing> list(Endpoint endpoint, String organizationId, ByteBudget requestBudget) {
        Duration total = config.totalTimeout();
        ByteBudget budget = requestBudget.child(config.maxToolsetBytes());
        return permits.withPermit(organizationId, () -> run(endpoint, budget, this::listAll))
                .onFailure(AsyncPermits.BusyException.class).transform(f -> new McpCallException(
                        McpCallException.Kind.BUSY,
                        "The service is testing too many connectors at once; try again in a moment"))
                .onFailure().transform(f -> budget.spent() == null ? f : spent(budget, endpoint))
                .ifNoItem().after(total).failWith(() -> new McpCallException(McpCallException.Kind.TIMEOUT,
                        "Listing the tools of " + endpoint.display() + " did not finish within "
                                + seconds(total)))
                .onFailure(f -> !(f instanceof McpCallException)).transform(f -> {
                    LOG.debugf("Unclassified MCP failure: %s", f.getClass().getName());
                    return new McpCallException(McpCallException.Kind.PROTOCOL,
                            "The MCP exchange with " + endpoint.display() + " failed");
                });
    }

    private static McpCallException spent(ByteBudget budget, Endpoint endpoint) {
        ByteBudget which = budget.spent();
        if (which == budget) {
            return new McpCallException(McpCallException.Kind.TOO_LARGE, endpoint.display() + " sent more than "
                    + which.limit() + " bytes while listing its tools");
        }
        return new McpCallException(McpCallException.Kind.TOO_LARGE, "The servers of this request sent more than "
                + which.limit() + " bytes together; " + endpoint.display() + " was cut off");
    }

    /**
     * Opens a session with the endpoint (Streamable HTTP, else legacy SSE), runs {@code work} on the initialized
     * client and closes the session; the handshake has the connect deadline and egress's limits apply. Holds no
     * permit and sets no total deadline: the caller does (see {@link McpToolCaller}).
     */
    <T> Uni<T> withSession(Endpoint endpoint, ByteBudget budget, Function<McpAsyncClient, Uni<T>> work) {
        return run(endpoint, budget, (client, e, transportName) -> work.apply(client));
    }

    /** As {@link #withSession}, on the legacy HTTP+SSE transport straight away (a server known to be legacy). */
    <T> Uni<T> withLegacySession(Endpoint endpoint, ByteBudget budget, Function<McpAsyncClient, Uni<T>> work) {
        Optional<EgressRefusedException> shape = EgressGuard.shapeProblem(endpoint.url());
        if (shape.isPresent()) {
            return Uni.createFrom().failure(McpFailures.refused(shape.get(), endpoint.display()));
        }
        return legacy(endpoint, budget, (client, e, transportName) -> work.apply(client));
    }

    private Uni<Listing> listAll(McpAsyncClient client, Endpoint endpoint, String transportName) {
        return listPages(cursor -> uni(client.listTools(cursor)), endpoint, transportName);
    }

    /**
     * Follows {@code tools/list} pages to the end within the tester's bounds, {@code listPage} asking for one page
     * (by cursor, {@code null} first) on a session the caller holds.
     */
    Uni<Listing> listPages(Function<String, Uni<McpSchema.ListToolsResult>> listPage, Endpoint endpoint,
            String transportName) {
        List<McpSchema.Tool> definitions = new ArrayList<>();
        return page(listPage, endpoint, null, new ArrayList<>(), definitions, new HashSet<>(), 1)
                .map(tools -> new Listing(transportName, List.copyOf(tools), List.copyOf(definitions)));
    }

    /** What to do in an initialized session: given the client, the endpoint and the transport that answered. */
    @FunctionalInterface
    interface SessionWork<T> {
        Uni<T> run(McpAsyncClient client, Endpoint endpoint, String transportName);
    }

    private <T> Uni<T> run(Endpoint endpoint, ByteBudget budget, SessionWork<T> work) {
        // Only the checks that need no lookup: the proxy resolves the host once per connection and checks every address.
        Optional<EgressRefusedException> shape = EgressGuard.shapeProblem(endpoint.url());
        if (shape.isPresent()) {
            return Uni.createFrom().failure(McpFailures.refused(shape.get(), endpoint.display()));
        }
        return streamable(endpoint, budget, work);
    }

    private <T> Uni<T> streamable(Endpoint endpoint, ByteBudget budget, SessionWork<T> work) {
        EgressHttpClient http = egress.newClient(budget, config.maxResponseBytes());
        URI url = endpoint.url();
        McpClientTransport transport = HttpClientStreamableHttpTransport.builder(origin(url))
                .endpoint(pathAndQuery(url))
                .clientBuilder(http.asBuilder())
                .jsonMapper(JSON)
                .httpRequestCustomizer((builder, method, uri, body, context) -> endpoint.headers()
                        .forEach(builder::setHeader))
                .connectTimeout(config.connectTimeout())
                .maxResponseSize(sdkBackstop(config.maxResponseBytes()))
                .build();
        return session(transport, http, STREAMABLE_HTTP, endpoint, work)
                .onFailure(f -> answeredAsLegacyServer(f, http)).recoverWithUni(() -> legacy(endpoint, budget, work))
                .onFailure(f -> !(f instanceof McpCallException))
                .transform(f -> McpFailures.describe(f, http, endpoint.display(), config))
                .onTermination().invoke(http::endSession);
    }

    /** The MCP spec's test for an old server: the initialize POST was answered 400, 404 or 405 by the server. */
    static boolean answeredAsLegacyServer(Throwable failure, EgressHttpClient http) {
        if (failure instanceof McpCallException) {
            return false;
        }
        return http.first()
                .filter(first -> !first.fromProxy() && "POST".equals(first.method()))
                .map(first -> first.status() == 400 || first.status() == 404 || first.status() == 405)
                .orElse(false);
    }

    private <T> Uni<T> legacy(Endpoint endpoint, ByteBudget budget, SessionWork<T> work) {
        EgressHttpClient http = egress.newClient(budget, config.maxResponseBytes());
        URI url = endpoint.url();
        return probeEventStream(http, endpoint)
                .flatMap(ignored -> {
                    McpClientTransport transport = HttpClientSseClientTransport.builder(origin(url))
                            .sseEndpoint(pathAndQuery(url))
                            .clientBuilder(http.asBuilder())
                            .jsonMapper(JSON)
                            .httpRequestCustomizer((builder, method, uri, body, context) -> endpoint.headers()
                                    .forEach(builder::setHeader))
                            .connectTimeout(config.connectTimeout())
                            .maxResponseSize(sdkBackstop(config.maxResponseBytes()))
                            .build();
                    return session(transport, http, SSE, endpoint, work);
                })
                .onFailure(f -> !(f instanceof McpCallException))
                .transform(f -> McpFailures.describe(f, http, endpoint.display(), config))
                .onTermination().invoke(http::endSession);
    }

    /**
     * Opens the SSE stream once and looks only at the status and content type. The SDK's SSE transport reports a
     * refused, unauthorized or non-SSE answer only when its handshake deadline runs out; this makes those precise.
     */
    private Uni<Void> probeEventStream(EgressHttpClient http, Endpoint endpoint) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url())
                .GET()
                .header("Accept", "text/event-stream")
                .timeout(config.connectTimeout());
        endpoint.headers().forEach(request::setHeader);
        return Uni.createFrom()
                .completionStage(() -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofPublisher()))
                .ifNoItem().after(config.connectTimeout()).failWith(() -> handshakeTimeout(endpoint))
                .map(response -> {
                    response.body().subscribe(Cancelling.INSTANCE);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (response.statusCode() == 200 && type.toLowerCase().startsWith("text/event-stream")) {
                        return null;
                    }
                    throw McpFailures.describe(new IllegalStateException("probe"), http, endpoint.display(), config);
                });
    }

    private <T> Uni<T> session(McpClientTransport transport, EgressHttpClient http, String transportName,
            Endpoint endpoint, SessionWork<T> work) {
        McpAsyncClient client = McpClient.async(transport)
                .clientInfo(clientInfo)
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                // The SDK's own timeouts are a backstop; ours fire first and say which deadline it was.
                .initializationTimeout(config.connectTimeout().plusSeconds(1))
                .requestTimeout(config.totalTimeout().plusSeconds(1))
                .build();
        Uni<T> listing = uni(client.initialize())
                .ifNoItem().after(config.connectTimeout().plus(PROXY_VERDICT_GRACE))
                .failWith(() -> handshakeTimeout(endpoint))
                .flatMap(initialized -> work.run(client, endpoint, transportName));
        // A spent budget is worded by list(), which knows which budget it was.
        Uni<T> cutOff = Uni.createFrom().completionStage(http::whenCutOff)
                .onItem().<T>transformToUni(cut -> Uni.createFrom().failure(http.messageTooLarge()
                        ? McpFailures.tooLarge(endpoint.display(), config)
                        : new McpCallException(McpCallException.Kind.TOO_LARGE, "cut off")));
        return Uni.combine().any().of(listing, cutOff)
                .onTermination().invoke(() -> close(client));
    }

    private Uni<List<ToolInfo>> page(Function<String, Uni<McpSchema.ListToolsResult>> listPage, Endpoint endpoint,
            String cursor, List<ToolInfo> tools, List<McpSchema.Tool> definitions, Set<String> cursors,
            int pageNumber) {
        return listPage.apply(cursor).flatMap(result -> {
            if (result.tools() != null) {
                for (McpSchema.Tool tool : result.tools()) {
                    if (tool.name() != null && tool.name().length() > config.maxToolNameLength()) {
                        // A cut name would name a tool the server doesn't have: refuse the list instead.
                        return Uni.createFrom().failure(new McpCallException(McpCallException.Kind.PROTOCOL,
                                endpoint.display() + " lists a tool whose name is longer than "
                                        + config.maxToolNameLength() + " characters"));
                    }
                    tools.add(new ToolInfo(tool.name(), shorten(tool.description(),
                            config.maxDescriptionLength())));
                    definitions.add(tool);
                }
            }
            if (tools.size() > config.maxTools()) {
                return Uni.createFrom().failure(new McpCallException(McpCallException.Kind.TOO_LARGE,
                        endpoint.display() + " lists more than " + config.maxTools() + " tools"));
            }
            String next = result.nextCursor();
            if (next == null || next.isEmpty()) {
                return Uni.createFrom().item(tools);
            }
            if (!cursors.add(next)) {
                return Uni.createFrom().failure(new McpCallException(McpCallException.Kind.PROTOCOL,
                        endpoint.display() + " repeats a tools/list cursor; its tool list never ends"));
            }
            if (pageNumber >= config.maxPages()) {
                return Uni.createFrom().failure(new McpCallException(McpCallException.Kind.TOO_LARGE,
                        endpoint.display() + " lists tools over more than " + config.maxPages() + " pages"));
            }
            return page(listPage, endpoint, next, tools, definitions, cursors, pageNumber + 1);
        });
    }

    /** At most {@code max} characters: longer text is cut (never inside a surrogate pair) and ends with "…". */
    static String shorten(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - 1);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Ends the session without waiting for it: a DELETE for Streamable HTTP, closing the stream for SSE. */
    static void close(McpAsyncClient client) {
        client.closeGracefully()
                .timeout(Duration.ofSeconds(2))
                .onErrorResume(e -> Mono.fromRunnable(client::close))
                .subscribe(v -> {
                }, e -> {
                });
    }

    McpCallException handshakeTimeout(Endpoint endpoint) {
        return new McpCallException(McpCallException.Kind.TIMEOUT, endpoint.display()
                + " did not complete the MCP handshake within " + seconds(config.connectTimeout()));
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
                millis / 1000.0);
    }

    /** A Reactor {@code Mono} of the SDK as a Mutiny {@code Uni}; cancelling the Uni cancels the Mono. */
    static <T> Uni<T> uni(Mono<T> mono) {
        return Uni.createFrom().converter(UniReactorConverters.fromMono(), mono);
    }

    /**
     * The SDK's own size limit, above ours: egress cuts a message off at {@code maxResponseBytes} and says so as a
     * fact of its own; the SDK's limit stays as a backstop that should never fire first.
     */
    static int sdkBackstop(int maxResponseBytes) {
        return maxResponseBytes > Integer.MAX_VALUE - SDK_BACKSTOP_SLACK ? Integer.MAX_VALUE
                : maxResponseBytes + SDK_BACKSTOP_SLACK;
    }

    private static final int SDK_BACKSTOP_SLACK = 64 * 1024;

    /** {@code scheme://authority} of a URL: the SDK's base URI. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /** Path and query of a URL: the SDK's endpoint, resolved against the origin. */
    static String pathAndQuery(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /** Drops a response body at once (the probe only needs the headers). */
    private enum Cancelling implements Flow.Subscriber<List<ByteBuffer>> {
        INSTANCE;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
