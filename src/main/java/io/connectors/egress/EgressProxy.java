package io.connectors.egress;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.jboss.logging.Logger;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.streams.WriteStream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way out: an HTTP proxy on 127.0.0.1 (ephemeral port) through which the MCP SDK's JDK HTTP client sends
 * every request. The JDK client can't be told which address to dial; this proxy can. For each request it resolves the
 * target, has {@link EgressGuard} check every address, and dials exactly a checked address, so a DNS answer that
 * changes between check and connect (rebinding) gains nothing.
 *
 * <ul>
 * <li>{@code https}: the JDK sends {@code CONNECT host:port}; the proxy opens a TCP tunnel to the checked address.
 * TLS stays end to end and the JDK verifies the server certificate against the host name.</li>
 * <li>{@code http}: the JDK sends an absolute-form request; the proxy forwards it with Vert.x's HTTP client to the
 * checked address, keeping the {@code Host} header, and streams the response back (SSE included).</li>
 * </ul>
 * Redirects are never followed (neither here nor in the JDK client); responses and tunnels are cut off past
 * {@code connectors.egress.max-connection-bytes}. The proxy records its own failures (refused, unreachable, timeout,
 * a head it can't take, a connection cut off) in {@link EgressVerdicts} under the session id the client sends as
 * {@value EgressVerdicts#SESSION_HEADER}, so the client tells them from the remote server's answers by type.
 */
public class EgressProxy {

    private static final Logger LOG = Logger.getLogger(EgressProxy.class);

    /**
     * Largest request head (headers together) the proxy takes: a connector may carry 32 headers of 8192 characters
     * ({@code connectors.limits.*}), plus a bearer token and the SDK's own headers, with room to spare.
     */
    public static final int MAX_REQUEST_HEAD_BYTES = 1 << 20;

    /** Longest request line (method, absolute URL, version); URLs are at most 2048 characters before injection. */
    public static final int MAX_REQUEST_LINE_BYTES = 64 << 10;

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
            EgressVerdicts.SESSION_HEADER.toLowerCase(Locale.ROOT));

    private final Vertx vertx;
    private final EgressGuard guard;
    private final EgressConfig config;
    private final EgressVerdicts verdicts;
    private HttpServer server;
    private NetClient tunnels;
    private HttpClient forwarder;
    /** GETs (event streams) to plain-http servers: a pool of their own, see {@link EgressConfig#maxStreams()}. */
    private HttpClient streams;
    private volatile InetSocketAddress address;
    private volatile java.util.function.Consumer<InetSocketAddress> dialListener = dialed -> {
    };
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger clientConnections =
            new java.util.concurrent.atomic.AtomicInteger();

    public EgressProxy(Vertx vertx, EgressGuard guard, EgressConfig config, EgressVerdicts verdicts) {
        this.vertx = vertx;
        this.guard = guard;
        this.config = config;
        this.verdicts = verdicts;
    }

    /**
     * How long the JDK client keeps an unused connection to the proxy in its pool ({@code
     * jdk.httpclient.keepalive.timeout}, 1200 s unless set).
     */
    static Duration clientKeepAlive() {
        return Duration.ofSeconds(Math.max(1, Integer.getInteger("jdk.httpclient.keepalive.timeout", 1200)));
    }

    /**
     * How long the proxy keeps idle connections from the client (and the tunnels spliced onto them): longer than
     * the client keeps them pooled, so the client always closes an idle connection first. Closing it here first
     * races the client reusing it, and the request it sends then fails before any byte comes back ("header parser
     * received no bytes"): a connector failing at random.
     */
    Duration clientSideIdleTimeout() {
        Duration longerThanTheClient = clientKeepAlive().plusSeconds(30);
        return config.idleTimeout().compareTo(longerThanTheClient) > 0 ? config.idleTimeout() : longerThanTheClient;
    }

    /**
     * How long an unused pooled connection to a server is kept: shorter than servers commonly keep one (Node's 5 s,
     * Jetty's 30 s), for the same reason on the other side: the proxy closes idle connections before the server
     * does, so it never sends a request into a connection the server is closing.
     */
    static final int UPSTREAM_KEEP_ALIVE_SECONDS = 4;

    /** Starts listening on 127.0.0.1 on an ephemeral port; emits the address to use as the clients' proxy. */
    public CompletionStage<InetSocketAddress> start() {
        int connectMillis = (int) config.connectTimeout().toMillis();
        // Idle connections outlive any single call (bounded by its caller's deadline) and then go.
        int idleSeconds = (int) Math.max(1, config.idleTimeout().toSeconds());
        int clientSideIdleSeconds = (int) Math.min(Integer.MAX_VALUE, clientSideIdleTimeout().toSeconds());
        tunnels = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(connectMillis)
                .setIdleTimeout(clientSideIdleSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true));
        forwarder = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(connectMillis)
                .setIdleTimeout(idleSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setKeepAlive(true)
                .setKeepAliveTimeout(UPSTREAM_KEEP_ALIVE_SECONDS)
                .setMaxPoolSize(Math.max(8, config.maxConnections()))
                .setMaxWaitQueueSize(config.maxWaiting())
                .setTcpNoDelay(true));
        streams = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(connectMillis)
                .setIdleTimeout(idleSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setKeepAlive(false) // a stream's connection ends with it
                .setMaxPoolSize(Math.max(8, config.maxStreams()))
                .setMaxWaitQueueSize(config.maxWaiting())
                .setTcpNoDelay(true));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(0)
                .setIdleTimeout(clientSideIdleSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxHeaderSize(MAX_REQUEST_HEAD_BYTES)
                .setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .setTcpNoDelay(true));
        server.connectionHandler(connection -> {
            clientConnections.incrementAndGet();
            connection.closeHandler(v -> clientConnections.decrementAndGet());
        });
        server.requestHandler(this::handle);
        // Vert.x answers a head it can't take with a bare 431/414; ours record the verdict, so the tester can say so.
        server.invalidRequestHandler(this::invalid);
        return server.listen().map(s -> {
            address = new InetSocketAddress("127.0.0.1", s.actualPort());
            return address;
        }).toCompletionStage();
    }

    /** Connections from clients that are open now, busy or idle in the client's pool. */
    public int clientConnections() {
        return clientConnections.get();
    }

    /** Tunnels and forwarded exchanges in progress: back to zero once every client closed what it opened. */
    public int openExchanges() {
        return open.get();
    }

    /** Counts an exchange as open until the returned action runs (once, whoever runs it first). */
    private Runnable opened() {
        open.incrementAndGet();
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                open.decrementAndGet();
            }
        };
    }

    void onDial(java.util.function.Consumer<InetSocketAddress> listener) {
        dialListener = listener;
    }

    private SocketAddress dialing(InetAddress checked, int port) {
        dialListener.accept(new InetSocketAddress(checked, port));
        return SocketAddress.inetSocketAddress(port, checked.getHostAddress());
    }

    /** Where the proxy listens; {@code null} before {@link #start()} completed. */
    public InetSocketAddress address() {
        return address;
    }

    public CompletionStage<Void> stop() {
        Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
        return closing
                .eventually(v -> tunnels == null ? Future.succeededFuture() : tunnels.close())
                .eventually(v -> forwarder == null ? Future.succeededFuture() : forwarder.close())
                .eventually(v -> streams == null ? Future.succeededFuture() : streams.close())
                .toCompletionStage();
    }

    private void handle(HttpServerRequest request) {
        request.pause();
        if (request.method() == HttpMethod.CONNECT) {
            tunnel(request);
        } else {
            forward(request);
        }
    }

    // --- https: CONNECT tunnels -------------------------------------------------------------------------------

    private void tunnel(HttpServerRequest request) {
        URI target;
        try {
            target = URI.create("//" + request.uri());
        } catch (IllegalArgumentException e) {
            fail(request, 400, refused(EgressRefusedException.Reason.INVALID_URL));
            return;
        }
        if (target.getHost() == null || target.getPort() < 0 || target.getRawUserInfo() != null) {
            fail(request, 400, refused(EgressRefusedException.Reason.INVALID_URL));
            return;
        }
        Context context = vertx.getOrCreateContext();
        guard.resolveAllowed(target.getHost())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(
                        addresses -> dial(addresses, 0, target.getPort()).onComplete(dialed -> {
                            if (dialed.failed()) {
                                failDial(request, dialed.cause());
                                return;
                            }
                            NetSocket upstream = dialed.result();
                            request.toNetSocket().onComplete(accepted -> {
                                if (accepted.failed()) {
                                    upstream.close();
                                    return;
                                }
                                splice(accepted.result(), upstream, session(request));
                            });
                        }),
                        failure -> fail(request, 403, refused(failure)));
    }

    /** Tries the checked addresses in order; never any other address. */
    private Future<NetSocket> dial(List<InetAddress> addresses, int index, int port) {
        return tunnels.connect(dialing(addresses.get(index), port))
                .recover(failure -> index + 1 < addresses.size() ? dial(addresses, index + 1, port)
                        : Future.failedFuture(failure));
    }

    private void splice(NetSocket client, NetSocket upstream, String session) {
        long limit = config.maxConnectionBytes();
        AtomicBoolean closed = new AtomicBoolean();
        Runnable finished = opened();
        Runnable closeBoth = () -> {
            if (closed.compareAndSet(false, true)) {
                client.close();
                upstream.close();
                finished.run();
            }
        };
        client.closeHandler(v -> closeBoth.run());
        upstream.closeHandler(v -> closeBoth.run());
        client.exceptionHandler(e -> closeBoth.run());
        upstream.exceptionHandler(e -> closeBoth.run());
        Runnable cut = () -> {
            verdicts.record(session, EgressVerdicts.Verdict.of(EgressVerdicts.Kind.CONNECTION_BUDGET_SPENT));
            closeBoth.run();
        };
        pump(client, upstream, limit, cut);
        pump(upstream, client, limit, cut);
    }

    // --- http: absolute-form requests -------------------------------------------------------------------------

    private void forward(HttpServerRequest request) {
        URI target;
        try {
            target = URI.create(request.uri());
        } catch (IllegalArgumentException e) {
            fail(request, 400, refused(EgressRefusedException.Reason.INVALID_URL));
            return;
        }
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null
                || target.getRawUserInfo() != null) {
            fail(request, 400, refused(target.getRawUserInfo() != null ? EgressRefusedException.Reason.USER_INFO
                    : EgressRefusedException.Reason.INVALID_URL));
            return;
        }
        int port = target.getPort() >= 0 ? target.getPort() : 80;
        String pathAndQuery = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/"
                : target.getRawPath()) + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        Context context = vertx.getOrCreateContext();
        guard.resolveAllowed(target.getHost())
                .emitOn(task -> context.runOnContext(v -> task.run()))
                .subscribe().with(
                        addresses -> send(request, target.getHost(), port, pathAndQuery, addresses, 0),
                        failure -> fail(request, 403, refused(failure)));
    }

    private void send(HttpServerRequest request, String host, int port, String pathAndQuery,
            List<InetAddress> addresses, int index) {
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setServer(dialing(addresses.get(index), port))
                .setHost(host)
                .setPort(port)
                .setURI(pathAndQuery)
                .setFollowRedirects(false)
                .setConnectTimeout(config.connectTimeout().toMillis());
        HttpClient client = request.method() == HttpMethod.GET ? streams : forwarder;
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                if (index + 1 < addresses.size()) {
                    send(request, host, port, pathAndQuery, addresses, index + 1);
                } else {
                    failDial(request, opened.cause());
                }
                return;
            }
            HttpClientRequest upstream = opened.result();
            Runnable finished = opened();
            copyHeaders(request.headers(), upstream.headers());
            HttpServerResponse response = request.response();
            // The client went away (a cancelled SSE stream, a deadline): drop the upstream exchange too.
            response.closeHandler(v -> {
                upstream.reset();
                finished.run();
            });
            response.endHandler(v -> finished.run());
            // Failures of an exchange in flight are expected (deadlines, cancelled streams): just release it.
            upstream.exceptionHandler(e -> {
                finished.run();
                if (!response.headWritten() && !response.closed()) {
                    failDial(request, e);
                } else {
                    response.reset();
                }
            });
            request.exceptionHandler(e -> upstream.reset());
            upstream.response().onComplete(answered -> {
                if (answered.failed()) {
                    finished.run();
                    failDial(request, answered.cause());
                    return;
                }
                relay(answered.result(), response, upstream, session(request));
            });
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            boolean chunked = "chunked".equalsIgnoreCase(request.getHeader(HttpHeaders.TRANSFER_ENCODING));
            if (length != null) {
                upstream.putHeader(HttpHeaders.CONTENT_LENGTH, length);
                request.pipeTo(upstream);
            } else if (chunked) {
                upstream.setChunked(true);
                request.pipeTo(upstream);
            } else {
                request.resume();
                upstream.end();
            }
        });
    }

    private void relay(HttpClientResponse answer, HttpServerResponse response, HttpClientRequest upstream,
            String session) {
        if (response.closed()) {
            upstream.reset();
            return;
        }
        // The response's end or close handler (set by the caller) marks the exchange finished.
        response.setStatusCode(answer.statusCode());
        if (answer.statusMessage() != null) {
            response.setStatusMessage(answer.statusMessage());
        }
        copyHeaders(answer.headers(), response.headers());
        String length = answer.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            response.headers().remove(HttpHeaders.CONTENT_LENGTH);
            response.setChunked(true);
        }
        Runnable cut = () -> {
            upstream.reset();
            response.reset();
        };
        answer.exceptionHandler(e -> cut.run());
        pump(answer, response, config.maxConnectionBytes(), () -> {
            verdicts.record(session, EgressVerdicts.Verdict.of(EgressVerdicts.Kind.CONNECTION_BUDGET_SPENT));
            cut.run();
        });
    }

    // --- shared ----------------------------------------------------------------------------------------------

    /** Copies {@code from} to {@code to} with back-pressure, stopping at {@code limit} bytes. */
    private static void pump(ReadStream<Buffer> from, WriteStream<Buffer> to, long limit, Runnable overLimit) {
        long[] total = {0};
        from.handler(buffer -> {
            total[0] += buffer.length();
            if (total[0] > limit) {
                from.handler(null);
                overLimit.run();
                return;
            }
            to.write(buffer);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.endHandler(v -> to.end());
        from.resume();
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    private void failDial(HttpServerRequest request, Throwable cause) {
        boolean timeout = cause instanceof ConnectTimeoutException
                || cause.getClass().getSimpleName().contains("Timeout");
        // The URI may carry secrets in its query: log the kind of failure only.
        LOG.debugf("Egress dial failed: %s", cause.getClass().getSimpleName());
        fail(request, timeout ? 504 : 502, EgressVerdicts.Verdict.of(timeout ? EgressVerdicts.Kind.CONNECT_TIMEOUT
                : EgressVerdicts.Kind.UNREACHABLE));
    }

    /**
     * A head Vert.x could not decode. The headers read before the limit are kept, so the session id is known when the
     * client sent it early (the JDK sends headers sorted by name); the lister checks sizes before sending anyway.
     */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpServerResponse response = request.response();
        EgressVerdicts.Verdict verdict;
        if (cause instanceof TooLongHttpHeaderException) {
            response.setStatusCode(431);
            verdict = EgressVerdicts.Verdict.of(EgressVerdicts.Kind.HEADERS_TOO_LARGE);
        } else if (cause instanceof TooLongHttpLineException) {
            response.setStatusCode(414);
            verdict = EgressVerdicts.Verdict.of(EgressVerdicts.Kind.URL_TOO_LONG);
        } else {
            response.setStatusCode(400);
            verdict = refused(EgressRefusedException.Reason.INVALID_URL);
        }
        verdicts.record(session(request), verdict);
        // Vert.x closes the connection once this response has ended.
        response.putHeader(HttpHeaders.CONNECTION, "close").end();
    }

    private static String session(HttpServerRequest request) {
        return request.headers().get(EgressVerdicts.SESSION_HEADER);
    }

    private static EgressVerdicts.Verdict refused(EgressRefusedException.Reason reason) {
        return new EgressVerdicts.Verdict(EgressVerdicts.Kind.REFUSED, reason);
    }

    private static EgressVerdicts.Verdict refused(Throwable guardFailure) {
        return refused(guardFailure instanceof EgressRefusedException refused ? refused.reason()
                : EgressRefusedException.Reason.UNRESOLVED);
    }

    private void fail(HttpServerRequest request, int status, EgressVerdicts.Verdict verdict) {
        // Recorded before the answer leaves, so the client finds it when it sees the failure.
        verdicts.record(session(request), verdict);
        HttpServerResponse response = request.response();
        if (response.headWritten() || response.closed()) {
            request.connection().close();
            return;
        }
        request.resume();
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_LENGTH, "0")
                .putHeader(HttpHeaders.CONNECTION, "close").end()
                .onComplete(v -> request.connection().close());
    }
}
