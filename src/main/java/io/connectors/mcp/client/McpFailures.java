package io.connectors.mcp.client;

import io.connectors.mcp.TesterConfig;
import io.connectors.egress.EgressHttpClient;
import io.connectors.egress.EgressProxy;
import io.connectors.egress.EgressRefusedException;
import io.connectors.egress.EgressVerdicts;
import io.modelcontextprotocol.spec.McpError;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Turns whatever the SDK, the JDK client or the egress proxy threw into one short sentence. The proxy's own failures
 * come as a typed verdict for the session ({@link EgressVerdicts}) and are looked at first, then a message cut off at
 * the session's size limit ({@link EgressHttpClient#messageTooLarge()}); the status and content type the server
 * really sent come from {@link EgressHttpClient}.
 */
final class McpFailures {

    private static final Logger LOG = Logger.getLogger(McpFailures.class);

    private static final int MAX_REMOTE_TEXT = 200;

    private McpFailures() {
    }

    static McpCallException describe(Throwable failure, EgressHttpClient http, String display, TesterConfig config) {
        Optional<EgressVerdicts.Verdict> verdict = http.verdict();
        if (verdict.isPresent()) {
            return proxyFailure(verdict.get(), display, config);
        }
        if (http.messageTooLarge()) {
            return tooLarge(display, config);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof McpCallException known) {
                return known;
            }
            if (t instanceof EgressRefusedException refused) {
                return refused(refused.reason(), refused, display);
            }
            if (t instanceof McpError error && error.getJsonRpcError() != null) {
                return new McpCallException(McpCallException.Kind.PROTOCOL, display + " answered with an MCP error: "
                        + remoteText(error.getJsonRpcError().message()));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
                return new McpCallException(McpCallException.Kind.TIMEOUT, display + " did not answer within "
                        + McpToolLister.seconds(config.connectTimeout()));
            }
            if (t instanceof ConnectException) {
                return new McpCallException(McpCallException.Kind.UNREACHABLE,
                        EgressRefusedException.cannotConnect(display));
            }
        }
        Optional<EgressHttpClient.Exchange> last = http.last();
        if (last.isPresent()) {
            return fromAnswer(last.get(), display);
        }
        LOG.debugf("MCP failure without an answer: %s", failure.getClass().getName());
        return new McpCallException(McpCallException.Kind.PROTOCOL, "The MCP exchange with " + display + " failed");
    }

    static McpCallException refused(EgressRefusedException refused, String display) {
        return refused(refused.reason(), refused, display);
    }

    private static McpCallException refused(EgressRefusedException.Reason reason, EgressRefusedException refused,
            String display) {
        McpCallException.Kind kind = switch (reason) {
            case INVALID_URL, INVALID_HOST, USER_INFO -> McpCallException.Kind.INVALID_URL;
            // Blocked and unresolvable read the same, so the tester can't map which internal names exist.
            case BLOCKED, UNRESOLVED -> McpCallException.Kind.REFUSED;
        };
        return new McpCallException(kind, refused.message(display));
    }

    static McpCallException tooLarge(String display, TesterConfig config) {
        return new McpCallException(McpCallException.Kind.TOO_LARGE, "A response of " + display
                + " is larger than the limit of " + config.maxResponseBytes() + " bytes");
    }

    /** The one place a verdict of the egress proxy becomes text. */
    private static McpCallException proxyFailure(EgressVerdicts.Verdict verdict, String display,
            TesterConfig config) {
        return switch (verdict.kind()) {
            case REFUSED -> refused(verdict.reason(), new EgressRefusedException(verdict.reason(), display), display);
            // Refused, unreachable and a connect that timed out read the same on purpose (SPEC); only the metrics'
            // reason tells them apart. A server that accepted but did not answer in time has its own texts.
            case CONNECT_TIMEOUT -> new McpCallException(McpCallException.Kind.TIMEOUT,
                    EgressRefusedException.cannotConnect(display));
            case UNREACHABLE -> new McpCallException(McpCallException.Kind.UNREACHABLE,
                    EgressRefusedException.cannotConnect(display));
            case HEADERS_TOO_LARGE -> new McpCallException(McpCallException.Kind.INVALID_HEADER,
                    "Cannot send the request to " + display + ": the request headers are too large (at most "
                            + EgressProxy.MAX_REQUEST_HEAD_BYTES / (1 << 20) + " MiB together)");
            case URL_TOO_LONG -> new McpCallException(McpCallException.Kind.INVALID_URL,
                    "Cannot send the request to " + display + ": the URL is too long (at most "
                            + EgressProxy.MAX_REQUEST_LINE_BYTES / 1024 + " KiB)");
            // The proxy's backstop broke the exchange off mid-answer: what reached the client is cut short.
            case CONNECTION_BUDGET_SPENT -> new McpCallException(McpCallException.Kind.NOT_MCP,
                    "Not an MCP endpoint: " + display + " sent an answer that is not valid MCP JSON-RPC");
        };
    }

    private static McpCallException fromAnswer(EgressHttpClient.Exchange answer, String display) {
        int status = answer.status();
        String type = answer.contentType() == null ? "no content type"
                : answer.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403) {
            return new McpCallException(McpCallException.Kind.UNAUTHORIZED, display + " answered " + status + " "
                    + phrase(status) + ": its credentials are missing or were rejected");
        }
        if (status >= 300 && status < 400) {
            return new McpCallException(McpCallException.Kind.HTTP_ERROR, display + " answered with a redirect (HTTP "
                    + status + "); redirects are not followed, so use the final URL");
        }
        if (status == 404 || status == 405) {
            return new McpCallException(McpCallException.Kind.NOT_MCP, "Not an MCP endpoint: " + display
                    + " answered " + status + " " + phrase(status));
        }
        if (status >= 400) {
            return new McpCallException(McpCallException.Kind.HTTP_ERROR, display + " answered HTTP " + status
                    + (phrase(status).isEmpty() ? "" : " " + phrase(status)));
        }
        if (!type.equals("application/json") && !type.equals("text/event-stream")) {
            return new McpCallException(McpCallException.Kind.NOT_MCP, "Not an MCP endpoint: " + display
                    + " answered with " + type + " instead of MCP JSON-RPC");
        }
        return new McpCallException(McpCallException.Kind.NOT_MCP, "Not an MCP endpoint: " + display
                + " sent an answer that is not valid MCP JSON-RPC");
    }

    private static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }

    /** Text a server chose: one line, printable, short. */
    static String remoteText(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        String clean = text.replaceAll("[\\p{Cntrl}]+", " ").trim();
        return clean.length() > MAX_REMOTE_TEXT ? clean.substring(0, MAX_REMOTE_TEXT) + "…" : clean;
    }
}
