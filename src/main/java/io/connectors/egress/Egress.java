package io.connectors.egress;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The egress path of the service: the guard, the in-process proxy that dials only checked addresses, and the one JDK
 * HTTP client (proxied, no redirects) that every outbound MCP call and token refresh uses.
 */
@Singleton
public class Egress {

    private final EgressGuard guard;
    private final EgressProxy proxy;
    private final EgressConfig config;
    private final EgressVerdicts verdicts = new EgressVerdicts();
    private volatile HttpClient shared;

    public Egress(Vertx vertx, EgressGuard guard, EgressConfig config) {
        this.guard = guard;
        this.config = config;
        this.proxy = new EgressProxy(vertx, guard, config, verdicts);
    }

    /** Starts the proxy with the application, on the main thread, so no request ever waits for it. */
    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the proxy and builds the shared client (blocks the calling thread: startup or a benchmark's main). */
    public synchronized void start() {
        if (shared != null) {
            return;
        }
        InetSocketAddress address;
        try {
            address = proxy.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the egress proxy", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The egress proxy did not start", e);
        }
        shared = HttpClient.newBuilder()
                .proxy(ProxySelector.of(address))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                // HTTP/1.1: through a proxy the JDK speaks it for plain http anyway; one behaviour for both schemes.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public synchronized void stop() {
        if (shared != null) {
            proxy.stop();
            shared = null;
        }
    }

    public EgressGuard guard() {
        return guard;
    }

    /** A fresh recording view of the shared client, for one token request (bounded by its own size limit). */
    public EgressHttpClient newClient() {
        return newClient(ByteBudget.unlimited());
    }

    /** A fresh recording view of the shared client for one MCP session, every body byte counted in {@code budget}. */
    public EgressHttpClient newClient(ByteBudget budget) {
        return newClient(budget, 0);
    }

    /**
     * A fresh recording view for one MCP session, every body byte counted in {@code budget}, and no single message
     * (a JSON body, or one event of an event stream) larger than {@code maxMessageBytes} (0: no such limit).
     */
    public EgressHttpClient newClient(ByteBudget budget, int maxMessageBytes) {
        HttpClient client = shared;
        if (client == null) {
            throw new IllegalStateException("The egress proxy is not started");
        }
        return new EgressHttpClient(client, budget, verdicts, maxMessageBytes);
    }

    /** The proxy's verdicts by session id (tests check what it recorded and that sessions leave nothing behind). */
    public EgressVerdicts verdicts() {
        return verdicts;
    }

    /** Tells {@code listener} every address the proxy dials, just before it dials it (tests check the pinning). */
    public void onDial(java.util.function.Consumer<InetSocketAddress> listener) {
        proxy.onDial(listener);
    }

    /** Client connections open to the proxy, busy or pooled (tests check idle ones are left to the client). */
    public int proxyClientConnections() {
        return proxy.clientConnections();
    }

    /** Exchanges the proxy is carrying now (tests check sessions get closed). */
    public int openExchanges() {
        return proxy.openExchanges();
    }

    /** Where the proxy listens (tests check it is loopback). */
    public InetSocketAddress proxyAddress() {
        return proxy.address();
    }
}
