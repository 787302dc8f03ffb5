package io.connectors.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Serves the single-page app for its own paths, so that a bookmark or reload of {@code /mcps},
 * {@code /teammates/{employee_id}/connectors} or {@code /integrations} lands on the page, which then routes in the
 * browser. Only these exact paths (and the shell's own file) are taken: {@code /api/*}, {@code /q/*} and other
 * static files are untouched. The shell goes out with its Content-Security-Policy (see {@link PageShell}).
 */
@Singleton
public class SpaRoutes {

    /** The page shell, a static resource under {@code META-INF/resources}. */
    static final String INDEX = "/app/index.html";

    /** Paths the page routes in the browser; kept in step with {@code app/router.js}. */
    static final String PAGE_PATHS = "^/(|mcps|integrations|variables|signin-callback|teammates/[A-Za-z0-9_-]{1,64}/connectors)/?$";

    private final PageShell shell;

    SpaRoutes(UiConfig ui, @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl) {
        // Built once at start: nothing to read or hash on the event loop when a page is asked for.
        this.shell = PageShell.build(Thread.currentThread().getContextClassLoader(),
                ui.oidc().clientId().flatMap(id -> ui.oidc().authority().or(() -> authServerUrl)));
    }

    void register(@Observes Router router) {
        // Before Quarkus REST and the static handler: a page path is never an API path.
        router.getWithRegex(PAGE_PATHS).order(Integer.MIN_VALUE + 100).handler(this::servePage);
        router.get(INDEX).order(Integer.MIN_VALUE + 100).handler(this::servePage);
    }

    private void servePage(RoutingContext context) {
        context.response()
                .putHeader("Content-Type", "text/html;charset=UTF-8")
                .putHeader("Content-Security-Policy", shell.contentSecurityPolicy())
                // The shell is small and names no versioned file itself: always ask again.
                .putHeader("Cache-Control", "no-cache")
                .end(Buffer.buffer(shell.html()));
    }
}
