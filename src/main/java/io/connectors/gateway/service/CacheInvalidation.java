package io.connectors.gateway.service;

import io.connectors.mcp.client.McpToolCaller;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.Optional;

/**
 * Tells the {@link ToolCache} of this replica what changed, whichever replica (or SQL client) changed it: the
 * triggers of migration V4 send the organization's id on channel {@value #CHANNEL} for every change to a connector,
 * an assignment, a variable or a user's integration, and this listens on its own PostgreSQL connection (the
 * reactive client's {@link PgSubscriber}). It reconnects with backoff; every (re)subscription drops the whole cache,
 * since notifications sent while it was away are lost. While it is not listening the cache is not served.
 */
@Singleton
public class CacheInvalidation {

    public static final String CHANNEL = "connectors_gateway";

    private static final long MAX_BACKOFF_MILLIS = Duration.ofSeconds(30).toMillis();

    private final ToolCache cache;
    private final McpToolCaller upstreams;
    private final Vertx vertx;
    private volatile PgSubscriber subscriber;
    private volatile boolean listening;
    private volatile boolean stopped;

    public CacheInvalidation(ToolCache cache, McpToolCaller upstreams, Vertx vertx) {
        this.cache = cache;
        this.upstreams = upstreams;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        Optional<PgConnectOptions> options = connectOptions();
        if (options.isEmpty()) {
            Log.warn("No reactive datasource URL: the gateway's tool cache stays off");
            return;
        }
        subscriber = PgSubscriber.subscriber(vertx, options.get())
                .reconnectPolicy(attempt -> stopped ? -1L : backoff(attempt));
        subscriber.closeHandler(v -> {
            listening = false;
            dropAll();
            if (!stopped) {
                vertx.setTimer(1000, id -> connect(0));
            }
        });
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> {
                    dropAll();
                    listening = true;
                    Log.debug("Listening for gateway cache changes");
                })
                .handler(this::changed)
                .exceptionHandler(e -> Log.debugf("Gateway cache channel: %s", e.getMessage()));
        connect(0);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        listening = false;
        if (subscriber != null) {
            subscriber.close();
        }
    }

    /** Whether changes are being heard: only then may the cache be served. */
    public boolean listening() {
        PgSubscriber current = subscriber;
        return listening && current != null && !current.closed() && current.actualConnection() != null;
    }

    private void connect(int attempt) {
        if (stopped) {
            return;
        }
        subscriber.connect().onFailure(e -> {
            listening = false;
            Log.debugf("Gateway cache channel not connected (%s); retrying", e.getClass().getSimpleName());
            vertx.setTimer(backoff(attempt), id -> connect(attempt + 1));
        });
    }

    /**
     * Drops the organization's lists, and closes its held upstream sessions: a session is keyed by what it sends, so
     * a changed credential already gets a new one, but a revoked one should not stay open until it idles out.
     */
    private void changed(String organizationId) {
        if (organizationId == null || organizationId.isEmpty()) {
            dropAll();
        } else {
            cache.dropOrganization(organizationId);
            upstreams.dropSessions(organizationId);
        }
    }

    private void dropAll() {
        cache.dropAll();
        upstreams.dropAllSessions();
    }

    private static long backoff(int attempt) {
        return Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 7));
    }

    /** The application's own datasource settings: the same database the triggers notify on. */
    private static Optional<PgConnectOptions> connectOptions() {
        var config = ConfigProvider.getConfig();
        Optional<String> url = config.getOptionalValue("quarkus.datasource.reactive.url", String.class);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String uri = url.get().startsWith("vertx-reactive:") ? url.get().substring("vertx-reactive:".length())
                : url.get();
        PgConnectOptions options = PgConnectOptions.fromUri(uri);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        return Optional.of(options);
    }
}
