package io.connectors.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The origin (scheme, host, port) that a connector's stored header values were given for, in one spelling:
 * {@code scheme://host:port} with scheme and host lower-cased, the default port made explicit and an IPv6 host in
 * brackets. Header values are sent only to the origin they are bound to; the connector service binds them when they
 * are given, the MCP builder checks the binding before anything is sent.
 */
public final class ConnectorOrigin {

    private ConnectorOrigin() {
    }

    /** The normalized origin of an absolute {@code http(s)} URL (or origin text), or {@code null} when it has none. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int defaultPort = switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
        String host = uri.getHost();
        if (defaultPort < 0 || host == null || host.isEmpty()) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        return scheme + "://" + host + ":" + port;
    }

    /**
     * Whether {@code url} lies in {@code boundOrigin}. A missing binding, or one that has no origin (such as a
     * backfilled origin still holding a {@code {{VAR}}} reference), matches nothing: values are re-entered then.
     */
    public static boolean same(String boundOrigin, String url) {
        String bound = of(boundOrigin);
        return bound != null && bound.equals(of(url));
    }
}
