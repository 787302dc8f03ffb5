package io.connectors.observability;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request an id, in the log context ({@code request_id}) and in the {@code X-Request-Id} response
 * header, so one request's log lines can be found across replicas and matched to what a client saw.
 *
 * <p>An id sent by the caller (a gateway or ingress usually sets one) is kept when it looks like an id; anything
 * else is replaced, so a header can't forge or break log lines. Quarkus keeps the MDC in the request's Vert.x
 * context, so the id follows the request across threads and reactive hops.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    /** Before every application route and filter, so even rejected requests log with an id. */
    private static final int ORDER = -10_000;

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(RequestIds::tag);
    }

    static void tag(RoutingContext context) {
        String offered = context.request().getHeader(HEADER);
        String id = offered != null && ACCEPTED.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        MDC.put(MDC_KEY, id);
        context.put(MDC_KEY, id);
        context.response().putHeader(HEADER, id);
        context.next();
    }
}
