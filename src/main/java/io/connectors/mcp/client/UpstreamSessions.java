package io.connectors.mcp.client;

import io.connectors.egress.ByteBudget;
import io.connectors.egress.Egress;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.EgressHttpClient;
import io.connectors.egress.EgressRefusedException;
import io.connectors.mcp.TesterConfig;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * MCP sessions with upstream servers, held open between the gateway's exchanges with them, so that a tool call costs
 * the upstream one round trip instead of a handshake, the call and a DELETE, and so that the upstream's
 * {@code notifications/tools/list_changed} is heard while the session is open.
 *
 * <p>A session is keyed by the organization and a digest of the resolved endpoint (URL and every header): a new token
 * or a changed variable makes a new key, and so a new session; the old one idles out. Each exchange runs in a
 * {@linkplain EgressHttpClient#scope(ByteBudget, int) scope} of the session's HTTP client, named in the request's
 * Reactor context and so on each of its HTTP requests: its bytes count in the exchange's own budget, its failures
 * are described from its own answers. Bytes outside any exchange (the handshake, the server's event stream) count in
 * the session's budget; when that is spent, the session is retired.
 *
 * <p>A session is retired (no new exchanges; closed once the running ones end) when an exchange on it fails other
 * than by a JSON-RPC error, times out or is cancelled, when it is older than its maximum age, or idle longer than
 * its idle timeout ({@link #sweep()}). A call refused with "session not found" (the server restarted or expired
 * it) did not reach the tool, so it is made once more on a new session. Servers of the 2024-11-05 protocol (legacy
 * SSE, remembered for a while per key) and exchanges past {@code maxSessions} get a session of their own, opened
 * and closed around them.
 */
final class UpstreamSessions {

    private static final Logger LOG = Logger.getLogger(UpstreamSessions.class);

    /** The transport-context entry naming an exchange's scope (see {@link EgressHttpClient#SCOPE_HEADER}). */
    private static final String SCOPE = "connectors.scope";

    /** How long an endpoint that answered as a legacy server is sent straight to sessions of its own. */
    private static final long LEGACY_MEMORY_NANOS = Duration.ofMinutes(10).toNanos();

    /**
     * The pool's bounds.
     *
     * @param idleTimeout  a session unused this long is closed
     * @param maxAge       a session this old takes no new exchange and is closed once they end
     * @param maxSessions  sessions held at once by this pod; past it exchanges get a session of their own
     * @param sessionBytes bytes a session may receive outside its exchanges (handshake, event stream) in its life
     * @param largestMessage the largest message limit any exchange sets (the SDK's own limit sits above it)
     */
    record Settings(Duration idleTimeout, Duration maxAge, int maxSessions, long sessionBytes, int largestMessage) {
    }

    /** Work on an initialized session: {@code scoped} puts an SDK request in the exchange's scope. */
    @FunctionalInterface
    interface Exchange<T> {
        Uni<T> run(McpAsyncClient client, Scoped scoped);
    }

    /** Subscribes an SDK request within an exchange's scope, bridged to Mutiny. */
    @FunctionalInterface
    interface Scoped {
        <R> Uni<R> apply(Mono<R> request);
    }

    private final Egress egress;
    private final TesterConfig bounds;
    private final Settings settings;
    private final McpToolLister oneOff;
    private final Consumer<String> toolsChanged;
    private final McpSchema.Implementation clientInfo;
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> legacyUntil = new ConcurrentHashMap<>();

    /**
     * @param bounds       deadlines and the session's message cap (connect: the handshake; total: the SDK's backstop)
     * @param oneOff       opens and closes a session around one exchange, for what the pool does not hold
     * @param toolsChanged told the list key of every exchange that ran on a session whose server then said its
     *                     tools changed
     */
    UpstreamSessions(Egress egress, TesterConfig bounds, Settings settings, McpToolLister oneOff,
            Consumer<String> toolsChanged) {
        this.egress = egress;
        this.bounds = bounds;
        this.settings = settings;
        this.oneOff = oneOff;
        this.toolsChanged = toolsChanged;
        this.clientInfo = new McpSchema.Implementation(bounds.clientName(), bounds.clientVersion());
    }

    /**
     * Runs {@code exchange} on a held session with {@code endpoint} for {@code organizationId}, its bytes counted in
     * {@code budget} and no message over {@code maxMessageBytes}. {@code listKey}, when not {@code null}, is told to
     * the tools-changed listener if the server announces a change while the session is held. Fails only with
     * {@link McpCallException}; sets no total deadline (the caller does).
     */
    <T> Uni<T> run(McpToolLister.Endpoint endpoint, String organizationId, ByteBudget budget, int maxMessageBytes,
            String listKey, Exchange<T> exchange) {
        Optional<EgressRefusedException> shape = EgressGuard.shapeProblem(endpoint.url());
        if (shape.isPresent()) {
            return Uni.createFrom().failure(McpFailures.refused(shape.get(), endpoint.display()));
        }
        String key = key(organizationId, endpoint);
        return attempt(key, endpoint, budget, maxMessageBytes, listKey, exchange, true);
    }

    private <T> Uni<T> attempt(String key, McpToolLister.Endpoint endpoint, ByteBudget budget, int maxMessageBytes,
            String listKey, Exchange<T> exchange, boolean mayRetry) {
        return Uni.createFrom().deferred(() -> {
            Long legacy = legacyUntil.get(key);
            if (legacy != null && legacy - System.nanoTime() > 0) {
                return oneOff.withLegacySession(endpoint, budget, client -> exchange.run(client, unscoped()));
            }
            Held session = acquire(key, endpoint);
            if (session == null) {
                return ownSession(endpoint, budget, exchange);
            }
            if (listKey != null) {
                session.listKeys.add(listKey);
            }
            return session.ready.onItemOrFailure().transformToUni((ready, failure) -> {
                if (failure == null) {
                    return inScope(session, endpoint, budget, maxMessageBytes, exchange, mayRetry, key, listKey);
                }
                // Read what the session recorded before releasing it: closing it forgets the proxy's verdict.
                boolean legacyServer = McpToolLister.answeredAsLegacyServer(failure, session.http);
                Throwable described = failure instanceof McpCallException ? failure
                        : McpFailures.describe(failure, session.http, endpoint.display(), bounds);
                release(session);
                if (legacyServer) {
                    legacyUntil.put(key, System.nanoTime() + LEGACY_MEMORY_NANOS);
                    return oneOff.withLegacySession(endpoint, budget, client -> exchange.run(client, unscoped()));
                }
                return Uni.createFrom().failure(described);
            });
        });
    }

    /** Runs the exchange in a scope of the held session; releases the session when it ends. */
    private <T> Uni<T> inScope(Held session, McpToolLister.Endpoint endpoint, ByteBudget budget, int maxMessageBytes,
            Exchange<T> exchange, boolean mayRetry, String key, String listKey) {
        EgressHttpClient scope = session.http.scope(budget, maxMessageBytes);
        Context context = Context.of(McpTransportContext.KEY,
                McpTransportContext.create(Map.of(SCOPE, scope.session())));
        Scoped scoped = new Scoped() {
            @Override
            public <R> Uni<R> apply(Mono<R> request) {
                return McpToolLister.uni(request.contextWrite(context));
            }
        };
        Uni<T> work = exchange.run(session.client, scoped);
        Uni<T> cutOff = Uni.createFrom().completionStage(scope::whenCutOff)
                .onItem().<T>transformToUni(cut -> Uni.createFrom().failure(scope.messageTooLarge()
                        ? McpFailures.tooLarge(endpoint.display(), bounds)
                        : new McpCallException(McpCallException.Kind.TOO_LARGE, "cut off")));
        AtomicBoolean broken = new AtomicBoolean();
        return Uni.combine().any().of(work, cutOff)
                .onFailure().invoke(f -> broken.set(!answeredInProtocol(f)))
                // Described while the scope still holds the proxy's verdict and the answers it saw.
                .onFailure(f -> !(f instanceof McpCallException) && !sessionNotFound(scope))
                .transform(f -> McpFailures.describe(f, scope, endpoint.display(), bounds))
                .onTermination().invoke((item, failure, cancelled) -> {
                    if (cancelled || broken.get()) {
                        retire(session); // broken, or a pending request may linger in it
                    }
                    session.http.endScope(scope);
                    release(session);
                })
                .onFailure(f -> sessionNotFound(scope)).recoverWithUni(failure -> mayRetry
                        ? attempt(key, endpoint, budget, maxMessageBytes, listKey, exchange, false)
                        : Uni.createFrom().failure(McpFailures.describe(failure, scope, endpoint.display(),
                                bounds)));
    }

    /** A session of its own around one exchange (a full pool): opened, used, closed. */
    private <T> Uni<T> ownSession(McpToolLister.Endpoint endpoint, ByteBudget budget, Exchange<T> exchange) {
        return oneOff.withSession(endpoint, budget, client -> exchange.run(client, unscoped()));
    }

    /** On a session of the exchange's own, every request is the exchange's. */
    private static Scoped unscoped() {
        return new Scoped() {
            @Override
            public <R> Uni<R> apply(Mono<R> request) {
                return McpToolLister.uni(request);
            }
        };
    }

    /** The live session of {@code key}, opened now if there is none; {@code null} when the pool is full. */
    private Held acquire(String key, McpToolLister.Endpoint endpoint) {
        long now = System.nanoTime();
        Held session = held.compute(key, (k, existing) -> {
            if (existing != null && !existing.retired && now - existing.createdNanos < settings.maxAge().toNanos()) {
                existing.users.incrementAndGet();
                existing.lastUsedNanos = now;
                return existing;
            }
            if (existing != null) {
                existing.retired = true;
                closeIfUnused(existing);
            }
            if (held.size() >= settings.maxSessions()) {
                return null;
            }
            Held opened = open(k, endpoint);
            opened.users.incrementAndGet();
            return opened;
        });
        return session;
    }

    private Held open(String key, McpToolLister.Endpoint endpoint) {
        EgressHttpClient http = egress.newClient(ByteBudget.of(settings.sessionBytes()), bounds.maxResponseBytes());
        McpClientTransport transport = HttpClientStreamableHttpTransport.builder(McpToolLister.origin(endpoint.url()))
                .endpoint(McpToolLister.pathAndQuery(endpoint.url()))
                .clientBuilder(http.asBuilder())
                .jsonMapper(McpToolLister.JSON)
                .httpRequestCustomizer((builder, method, uri, body, context) -> {
                    endpoint.headers().forEach(builder::setHeader);
                    if (context != null && context.get(SCOPE) instanceof String scope) {
                        builder.setHeader(EgressHttpClient.SCOPE_HEADER, scope);
                    }
                })
                .connectTimeout(bounds.connectTimeout())
                .maxResponseSize(McpToolLister.sdkBackstop(settings.largestMessage()))
                .build();
        Held session = new Held(key, http);
        session.client = McpClient.async(transport)
                .clientInfo(clientInfo)
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .initializationTimeout(bounds.connectTimeout().plusSeconds(1))
                // Our deadlines fire first; this backstop also ends a request whose answer never comes.
                .requestTimeout(bounds.totalTimeout().plusSeconds(1))
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> session.listKeys.forEach(toolsChanged)))
                .build();
        session.ready = McpToolLister.uni(session.client.initialize())
                .ifNoItem().after(bounds.connectTimeout().plus(McpToolLister.PROXY_VERDICT_GRACE))
                .failWith(() -> oneOff.handshakeTimeout(endpoint))
                .onFailure().invoke(() -> retire(session))
                .replaceWithVoid()
                .memoize().indefinitely();
        // Bytes outside exchanges are bounded for the session's life: once spent, it takes no new exchange.
        http.whenCutOff().thenRun(() -> retire(session));
        return session;
    }

    private void release(Held session) {
        session.lastUsedNanos = System.nanoTime();
        if (session.users.decrementAndGet() == 0 && session.retired) {
            close(session);
        }
    }

    private void retire(Held session) {
        session.retired = true;
        held.remove(session.key, session);
        closeIfUnused(session);
    }

    private void closeIfUnused(Held session) {
        if (session.users.get() == 0) {
            close(session);
        }
    }

    private void close(Held session) {
        if (session.closed.compareAndSet(false, true)) {
            McpToolLister.close(session.client);
            session.http.endSession();
        }
    }

    /** Closes idle and old sessions; run periodically. */
    void sweep() {
        long now = System.nanoTime();
        for (Held session : held.values()) {
            boolean old = now - session.createdNanos >= settings.maxAge().toNanos();
            boolean idle = session.users.get() == 0 && now - session.lastUsedNanos >= settings.idleTimeout().toNanos();
            if (old || idle) {
                retire(session);
            }
        }
        legacyUntil.values().removeIf(until -> until - now <= 0);
    }

    /** Closes every session of the organization (what they were opened with may have changed). */
    void dropOrganization(String organizationId) {
        String prefix = organizationId + "\u0000";
        held.values().stream().filter(s -> s.key.startsWith(prefix)).forEach(this::retire);
        legacyUntil.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Closes every session. */
    void dropAll() {
        held.values().forEach(this::retire);
        legacyUntil.clear();
    }

    /** Sessions held now (tests and metrics). */
    int size() {
        return held.size();
    }

    /** A JSON-RPC error answer: the session works, the request was refused. */
    private static boolean answeredInProtocol(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof McpError error && error.getJsonRpcError() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server answered the exchange's request with 404: on a request carrying its session id, the MCP spec's
     * "session not found" (the SDK reports it only as text). The server did not run the request.
     */
    private static boolean sessionNotFound(EgressHttpClient scope) {
        return scope.last()
                .filter(answer -> !answer.fromProxy() && "POST".equals(answer.method()) && answer.status() == 404)
                .isPresent();
    }

    /** The organization, then a digest of everything sent: never the secrets themselves in a map key. */
    static String key(String organizationId, McpToolLister.Endpoint endpoint) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(endpoint.url().toString().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, String> header : new TreeMap<>(endpoint.headers()).entrySet()) {
                digest.update((byte) 0);
                digest.update(header.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(header.getValue().getBytes(StandardCharsets.UTF_8));
            }
            return organizationId + "\u0000" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** One held session. */
    private static final class Held {
        final String key;
        final EgressHttpClient http;
        final long createdNanos = System.nanoTime();
        final AtomicInteger users = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        final Set<String> listKeys = ConcurrentHashMap.newKeySet();
        volatile long lastUsedNanos = createdNanos;
        volatile boolean retired;
        McpAsyncClient client;
        Uni<Void> ready;

        Held(String key, EgressHttpClient http) {
            this.key = key;
            this.http = http;
        }
    }
}
