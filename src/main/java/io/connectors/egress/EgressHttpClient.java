package io.connectors.egress;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The JDK HTTP client one MCP session uses: a thin view of the shared client (which sends everything through
 * {@link EgressProxy}) that remembers what the server answered. The SDK reports failures as text; this lets the
 * tester know the real status and content type (for the legacy-SSE fallback and for plain-text errors) and whether a
 * failure was the egress proxy's own.
 */
public class EgressHttpClient extends HttpClient {

    /**
     * Names the {@linkplain #scope(ByteBudget) scope} a request belongs to. Set by the MCP transport from the
     * request's context, read and removed here: it never leaves the process.
     */
    public static final String SCOPE_HEADER = "Connectors-Egress-Scope";

    private final HttpClient shared;
    private final ConcurrentHashMap<String, EgressHttpClient> scopes = new ConcurrentHashMap<>();
    private final ByteBudget budget;
    private final EgressVerdicts verdicts;
    private final String session;
    private final int maxMessageBytes;
    private volatile boolean messageTooLarge;
    private final CompletableFuture<Void> cutOff = new CompletableFuture<>();
    private volatile Exchange first;
    private volatile Exchange last;

    EgressHttpClient(HttpClient shared, ByteBudget budget, EgressVerdicts verdicts, int maxMessageBytes) {
        this.shared = shared;
        this.budget = budget;
        this.verdicts = verdicts;
        this.maxMessageBytes = maxMessageBytes;
        this.session = verdicts.open();
    }

    /**
     * What one response said: status and content type, and whether the proxy answered itself (it records its verdict
     * before its answer leaves, so an answer that finds none is the server's).
     */
    public record Exchange(String method, int status, String contentType, boolean fromProxy) {
    }

    /** This session's id, sent to the proxy as {@value EgressVerdicts#SESSION_HEADER} on every request. */
    public String session() {
        return session;
    }

    /** What the proxy decided about this session's connection, if it failed or cut it on its side. */
    public Optional<EgressVerdicts.Verdict> verdict() {
        return verdicts.of(session);
    }

    /** The session is over: forgets its verdict. */
    public void endSession() {
        verdicts.end(session);
    }

    /**
     * Whether a response carried one message larger than the session's limit: a JSON body, or one event of an
     * event stream. The body was cut off there, before the MCP client saw the excess.
     */
    public boolean messageTooLarge() {
        return messageTooLarge;
    }

    /**
     * Completes when a body is cut off: a message over the size limit, or the byte budget spent. A legacy event
     * stream that is cut fails no pending request in the SDK (it waits for its deadline), so a session races its
     * exchange against this.
     */
    public CompletionStage<Void> whenCutOff() {
        return cutOff;
    }

    /** The largest message this session accepts, in bytes, or 0 for no limit of its own. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** The first response of the session (the answer to {@code initialize}), or empty. */
    public Optional<Exchange> first() {
        return Optional.ofNullable(first);
    }

    /** The latest response, or empty. */
    public Optional<Exchange> last() {
        return Optional.ofNullable(last);
    }

    /**
     * A scope of this session for one exchange on a session that outlives it (a tool call on a held MCP session):
     * requests sent here with {@link #SCOPE_HEADER} set to the scope's {@link #session()} are counted in
     * {@code budget}, cut at this session's message limit, and recorded in the scope (its own verdict, answers,
     * cut-off), not in this session. Ends with {@link #endScope(EgressHttpClient)}.
     */
    public EgressHttpClient scope(ByteBudget budget) {
        return scope(budget, maxMessageBytes);
    }

    /** A {@linkplain #scope(ByteBudget) scope} with a message limit of its own (0: none). */
    public EgressHttpClient scope(ByteBudget budget, int maxMessageBytes) {
        EgressHttpClient scope = new EgressHttpClient(shared, budget, verdicts, maxMessageBytes);
        scopes.put(scope.session(), scope);
        return scope;
    }

    /** The scope is over: later requests naming it count in this session, and its verdict is forgotten. */
    public void endScope(EgressHttpClient scope) {
        scopes.remove(scope.session());
        scope.endSession();
    }

    /** A builder the SDK's transports can take: whatever they set, {@code build()} answers this client. */
    public HttpClient.Builder asBuilder() {
        return new FixedBuilder(this);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        EgressHttpClient scope = scopeOf(request);
        if (scope != null) {
            return scope.sendAsync(request, handler);
        }
        if ("GET".equals(request.method())) {
            return stream(request, handler);
        }
        return shared.sendAsync(tagged(request), recording(request, handler, null));
    }

    /**
     * How long a cancelled GET may wait for its answer (whose body is then cancelled) before the exchange itself is
     * cancelled.
     */
    private static final Duration STREAM_CANCEL_GRACE = Duration.ofSeconds(5);

    /**
     * A GET: an event stream, which MCP clients cancel when their session ends, often before its answer has come.
     * The JDK client, cancelling an HTTP/1.1 exchange still waiting for its answer, can close a pooled connection
     * that another request of this client is using by then ("header parser received no bytes"; seen with many
     * sessions a second). So a cancel here ends the stream when its answer arrives, by cancelling the body, and
     * cancels the exchange itself only if no answer came within {@link #STREAM_CANCEL_GRACE}.
     */
    private <T> CompletableFuture<HttpResponse<T>> stream(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        StreamEnd end = new StreamEnd();
        CompletableFuture<HttpResponse<T>> sent = shared.sendAsync(tagged(request), recording(request, handler, end));
        CompletableFuture<HttpResponse<T>> answer = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    end.cancel();
                    CompletableFuture.delayedExecutor(STREAM_CANCEL_GRACE.toMillis(),
                            java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> sent.cancel(true));
                }
                return cancelled;
            }
        };
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else if (!answer.complete(response)) {
                end.cancel(); // cancelled meanwhile: nobody reads this stream
            }
        });
        return answer;
    }

    /** Ends a stream's body once it has one: asked for before or after the body started. */
    private static final class StreamEnd {
        private volatile boolean requested;
        private volatile Flow.Subscription subscription;

        void cancel() {
            requested = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        void attach(Flow.Subscription body) {
            subscription = body;
            if (requested) {
                body.cancel();
            }
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        EgressHttpClient scope = scopeOf(request);
        if (scope != null) {
            return scope.sendAsync(request, handler, pushPromiseHandler);
        }
        return shared.sendAsync(tagged(request), recording(request, handler, null), pushPromiseHandler);
    }

    /** The open scope the request names, or {@code null} (none named, or it has ended: the request counts here). */
    private EgressHttpClient scopeOf(HttpRequest request) {
        if (scopes.isEmpty()) {
            return null;
        }
        return request.headers().firstValue(SCOPE_HEADER).map(scopes::get).orElse(null);
    }

    /**
     * The request with this session's id for the proxy (the SDK's requests and our own alike), without the scope
     * header.
     */
    private HttpRequest tagged(HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> !SCOPE_HEADER.equalsIgnoreCase(name))
                .setHeader(EgressVerdicts.SESSION_HEADER, session)
                .build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        // Blocking sends would hold a thread; nothing in this service uses them.
        throw new UnsupportedOperationException("Blocking send is not used; use sendAsync");
    }

    private <T> HttpResponse.BodyHandler<T> recording(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            StreamEnd end) {
        return info -> {
            HttpHeaders headers = info.headers();
            Exchange exchange = new Exchange(request.method(), info.statusCode(),
                    headers.firstValue("Content-Type").orElse(null), verdict().isPresent());
            if (first == null) {
                first = exchange;
            }
            last = exchange;
            MessageMeter meter = maxMessageBytes <= 0 ? null
                    : MessageMeter.forContentType(exchange.contentType(), maxMessageBytes);
            return new Counting<>(handler.apply(info), budget, meter, end, tooLarge -> {
                messageTooLarge |= tooLarge;
                cutOff.complete(null);
            });
        };
    }

    /**
     * Counts every body byte against the budget, and each message against the message limit; once either is spent,
     * cancels the body and fails it.
     */
    private static final class Counting<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> inner;
        private final ByteBudget budget;
        private final MessageMeter meter;
        private final Consumer<Boolean> onCut;
        private final StreamEnd end;
        private volatile Flow.Subscription subscription;
        private volatile boolean cut;

        /** {@code onCut} is told whether the cut was a message over the limit (else the budget). */
        Counting(HttpResponse.BodySubscriber<T> inner, ByteBudget budget, MessageMeter meter, StreamEnd end,
                Consumer<Boolean> onCut) {
            this.end = end;
            this.inner = inner;
            this.budget = budget;
            this.meter = meter;
            this.onCut = onCut;
        }

        @Override
        public CompletionStage<T> getBody() {
            return inner.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            inner.onSubscribe(subscription);
            if (end != null) {
                end.attach(subscription);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (cut) {
                return;
            }
            long bytes = 0;
            for (ByteBuffer item : items) {
                bytes += item.remaining();
            }
            if (!budget.take(bytes)) {
                cut = true;
                onCut.accept(false);
                subscription.cancel();
                inner.onError(new ByteBudget.SpentException());
                return;
            }
            if (meter != null && !meter.accept(items)) {
                cut = true;
                onCut.accept(true);
                subscription.cancel();
                inner.onError(new MessageTooLargeException(meter.limit()));
                return;
            }
            inner.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            if (!cut) {
                inner.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!cut) {
                inner.onComplete();
            }
        }
    }

    /** A response body was cut off because one message in it exceeded the session's limit. */
    public static final class MessageTooLargeException extends IOException {

        MessageTooLargeException(int limit) {
            super("A message exceeded " + limit + " bytes");
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return shared.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return shared.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return shared.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return shared.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return shared.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return shared.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return shared.authenticator();
    }

    @Override
    public Version version() {
        return shared.version();
    }

    @Override
    public Optional<Executor> executor() {
        return shared.executor();
    }

    /**
     * Ignores every setting: the shared client's proxy, redirect policy and timeouts are fixed, so a transport can't
     * route around the egress proxy.
     */
    private record FixedBuilder(EgressHttpClient client) implements HttpClient.Builder {

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            return this;
        }

        @Override
        public HttpClient build() {
            return client;
        }
    }
}
