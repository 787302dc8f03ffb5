package io.connectors.ui;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Serves the single-page app for its own paths, so that a bookmark or reload of {@code /mcps},
 * {@code /teammates/{employee_id}/connectors} or {@code /integrations} lands on the page, which then routes in the
 * browser. Only these exact paths are taken: {@code /api/*}, {@code /q/*} and static files are untouched.
 */
@Singleton
public class SpaRoutes {

    /** The page shell, a static resource under {@code META-INF/resources}. */
    static final String INDEX = "/app/index.html";

    /** Paths the page routes in the browser; kept in step with {@code app/router.js}. */
    static final String PAGE_PATHS = "^/(|mcps|integrations|variables|signin-callback|teammates/[A-Za-z0-9_-]{1,64}/connectors)/?$";

    void register(@Observes Router router) {
        // Before Quarkus REST and the static handler: a page path is never an API path.
        router.getWithRegex(PAGE_PATHS).order(Integer.MIN_VALUE + 100).handler(SpaRoutes::servePage);
    }

    private static void servePage(RoutingContext context) {
        context.reroute(INDEX);
    }
}
