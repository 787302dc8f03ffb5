package io.connectors.connector.service;

import io.connectors.config.ConnectorsConfig;
import io.connectors.connector.api.ConnectorAuth;
import io.connectors.connector.api.ConnectorRequest;
import io.connectors.connector.api.OAuthClient;
import io.connectors.oauth.Scopes;
import io.connectors.connector.api.ConnectorType;
import io.connectors.egress.OutboundText;
import io.connectors.egress.OutboundUrl;
import io.connectors.error.Problem.FieldError;
import io.connectors.oauth.OAuthMcpProvider;
import io.connectors.variable.VariableTemplate;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SPEC's rules for a connector body. Collects every broken rule so a client can fix them in one go.
 */
@Singleton
public class ConnectorRules {

    static final int MAX_NAME = 100;
    static final int MAX_URL = 2048;
    static final int MAX_HEADER_NAME = 256;
    static final int MAX_CLIENT_ID = 255;
    static final int MAX_CLIENT_SECRET = 1024;
    static final int MAX_SCOPES = 50;
    static final int MAX_SCOPE = 200;
    static final String AUTHORIZATION_IS_SIGNED_IN = "is sent by the OAuth sign-in (auth: oauth) and can't be "
            + "configured";
    static final String OAUTH_URL_WITHOUT_VARIABLES = "can't hold {{VARIABLE}} references with auth: oauth: the "
            + "URL names the server the sign-in's tokens are issued for";
    static final String TYPE_IS_FIXED = "Type cannot be changed. Recreate the connector to switch type.";
    /** RFC 9110 token characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** Marks where a reference was while the URL's shape is checked; a URL holding it is invalid anyway. */
    private static final char REFERENCE_MARK = '\u0000';
    /** Headers the HTTP client owns; setting them would break or smuggle requests. */
    private static final Set<String> MANAGED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "upgrade", "keep-alive", "te", "trailer", "expect", "proxy-connection", "content-type",
            "accept", "mcp-session-id", "mcp-protocol-version");

    /**
     * {@code Proxy-*} headers are for the egress proxy: the JDK client sends them on a CONNECT and never inside the
     * tunnel, so an https server would never see them, and {@code Proxy-Connectors-Session} is the proxy's own.
     */
    private static final String PROXY_HEADER_PREFIX = "proxy-";
    static final String PROXY_HEADER_TEXT = "is a proxy header (Proxy-…), which never reaches the server; it can't be "
            + "configured";

    private final ConnectorsConfig.Limits limits;
    private final OAuthMcpProvider oauthMcps;

    public ConnectorRules(ConnectorsConfig config, OAuthMcpProvider oauthMcps) {
        this.limits = config.limits();
        this.oauthMcps = oauthMcps;
    }

    /** Validates a create body; returns the broken rules (empty when valid). */
    public List<FieldError> checkCreate(ConnectorRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldError("body", "is required"));
            return errors;
        }
        checkName(request.name(), true, errors);
        ConnectorType type = request.type() == null ? ConnectorType.SIMPLE : request.type();
        checkTargetFields(type, request, true, errors);
        checkAuthFields(type, ConnectorAuth.HEADERS, request, errors);
        return errors;
    }

    /** Validates an update body against the stored type; returns the broken rules. */
    public List<FieldError> checkUpdate(ConnectorType storedType, ConnectorRequest request) {
        return checkUpdate(storedType, ConnectorAuth.HEADERS, request);
    }

    /** Validates an update body against the stored type and auth; returns the broken rules. */
    public List<FieldError> checkUpdate(ConnectorType storedType, ConnectorAuth storedAuth, ConnectorRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldError("body", "is required"));
            return errors;
        }
        if (request.type() != null && request.type() != storedType) {
            errors.add(new FieldError("type", TYPE_IS_FIXED));
            return errors;
        }
        if (request.name() != null) {
            checkName(request.name(), true, errors);
        }
        checkTargetFields(storedType, request, false, errors);
        checkAuthFields(storedType, storedAuth, request, errors);
        return errors;
    }

    private void checkTargetFields(ConnectorType type, ConnectorRequest request, boolean create,
            List<FieldError> errors) {
        if (type == ConnectorType.SIMPLE) {
            if (request.oauthMcp() != null) {
                errors.add(new FieldError("oauth_mcp", "applies only to oauth connectors"));
            }
            if (request.url() != null || create) {
                checkUrl(request.url(), errors);
            }
            if (request.headers() != null) {
                checkHeaders(request.headers(), errors);
            }
        } else {
            if (request.url() != null) {
                errors.add(new FieldError("url", "applies only to simple connectors"));
            }
            if (request.headers() != null && !request.headers().isEmpty()) {
                errors.add(new FieldError("headers", "apply only to simple connectors"));
            }
            if (request.oauthMcp() != null || create) {
                if (request.oauthMcp() == null || request.oauthMcp().isBlank()) {
                    errors.add(new FieldError("oauth_mcp", "is required for oauth connectors"));
                } else if (!oauthMcps.isKnown(request.oauthMcp())) {
                    errors.add(new FieldError("oauth_mcp", "is not a predefined OAuth MCP; known: "
                            + String.join(", ", oauthMcps.definitions().stream().map(d -> d.key()).toList())));
                }
            }
        }
    }

    /**
     * {@code auth}, {@code credential} and {@code oauth_client}: simple connectors only; the last two only with
     * {@code auth: oauth}. Which URL and headers an OAuth connector may have is checked by the service, which knows
     * the stored ones.
     */
    private static void checkAuthFields(ConnectorType type, ConnectorAuth storedAuth, ConnectorRequest request,
            List<FieldError> errors) {
        if (type != ConnectorType.SIMPLE) {
            if (request.auth() != null) {
                errors.add(new FieldError("auth", "applies only to simple connectors"));
            }
            if (request.credential() != null) {
                errors.add(new FieldError("credential", "applies only to simple connectors"));
            }
            if (request.oauthClient() != null) {
                errors.add(new FieldError("oauth_client", "applies only to simple connectors"));
            }
            return;
        }
        ConnectorAuth auth = request.auth() != null ? request.auth() : storedAuth;
        if (auth != ConnectorAuth.OAUTH) {
            if (request.credential() != null) {
                errors.add(new FieldError("credential", "applies only to connectors with auth: oauth"));
            }
            if (request.oauthClient() != null) {
                errors.add(new FieldError("oauth_client", "applies only to connectors with auth: oauth"));
            }
            return;
        }
        if (request.headers() != null && request.headers().keySet().stream()
                .anyMatch(name -> name.equalsIgnoreCase("authorization"))) {
            errors.add(new FieldError("headers.Authorization", AUTHORIZATION_IS_SIGNED_IN));
        }
        OAuthClient client = request.oauthClient();
        if (client == null || client.clientId() == null) {
            if (client != null && (client.clientSecret() != null || client.scopes() != null)) {
                errors.add(new FieldError("oauth_client.client_id", "is required for a pre-registered client "
                        + "(leave it out to remove the client)"));
            }
            return;
        }
        if (client.clientId().isEmpty() || client.clientId().length() > MAX_CLIENT_ID
                || !printable(client.clientId(), false)) {
            errors.add(new FieldError("oauth_client.client_id", "must be 1 to " + MAX_CLIENT_ID
                    + " printable ASCII characters without spaces"));
        }
        String secret = client.clientSecret();
        if (secret != null && (secret.isEmpty() || secret.length() > MAX_CLIENT_SECRET || !printable(secret, true))) {
            errors.add(new FieldError("oauth_client.client_secret", "must be 1 to " + MAX_CLIENT_SECRET
                    + " printable ASCII characters"));
        }
        List<String> scopes = client.scopes();
        if (scopes != null) {
            if (scopes.size() > MAX_SCOPES) {
                errors.add(new FieldError("oauth_client.scopes", "at most " + MAX_SCOPES + " scopes are allowed"));
            } else if (scopes.stream().anyMatch(scope -> scope == null || scope.length() > MAX_SCOPE
                    || !Scopes.isScopeToken(scope))) {
                errors.add(new FieldError("oauth_client.scopes", "must be scope names of up to " + MAX_SCOPE
                        + " characters without spaces, quotes or backslashes"));
            }
        }
    }

    private static boolean printable(String text, boolean spaces) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7e || c < (spaces ? 0x20 : 0x21)) {
                return false;
            }
        }
        return true;
    }

    private static void checkName(String raw, boolean required, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                errors.add(new FieldError("name", "is required"));
            }
            return;
        }
        String name = raw.strip();
        if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "must be at most " + MAX_NAME + " characters"));
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("name", "must not contain control characters"));
        }
    }

    static void checkUrl(String url, List<FieldError> errors) {
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("url", "is required for simple connectors"));
            return;
        }
        if (url.length() > MAX_URL) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL + " characters"));
            return;
        }
        String badReference = VariableTemplate.invalid(url);
        if (badReference != null) {
            errors.add(new FieldError("url", "references {{" + badReference + "}}, which is not a valid variable name"));
            return;
        }
        if (url.indexOf(REFERENCE_MARK) >= 0) {
            errors.add(new FieldError("url", "is not a valid URL"));
            return;
        }
        // Variables are injected later (and the whole URL is checked again then): here only the text outside the
        // references is checked, each reference standing in for a host, port, path or query part.
        String shape = standIn(VariableTemplate.replace(url, name -> String.valueOf(REFERENCE_MARK)));
        URI uri;
        try {
            uri = new URI(shape);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("url", "is not a valid URL"));
            return;
        }
        OutboundUrl.problemOfTemplate(uri)
                .ifPresent(problem -> errors.add(new FieldError("url", problem.fieldText())));
    }

    /**
     * {@code marked} with each reference mark replaced by a neutral stand-in: a number in the port, a name elsewhere.
     * A mark in the scheme stays a mark, so the URL is refused: the scheme must be written out.
     */
    private static String standIn(String marked) {
        int authorityStart = marked.indexOf("//");
        int schemeEnd = marked.indexOf(':');
        StringBuilder out = new StringBuilder(marked.length() + 16);
        int portStart = -1;
        int authorityEnd = marked.length();
        if (authorityStart >= 0 && schemeEnd >= 0 && schemeEnd < authorityStart) {
            authorityStart += 2;
            for (int i = authorityStart; i < marked.length(); i++) {
                char c = marked.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    authorityEnd = i;
                    break;
                }
            }
            // The port follows the last colon of the authority that is not inside an IPv6 literal's brackets.
            int hostEnd = marked.lastIndexOf(']', authorityEnd - 1);
            int colon = marked.lastIndexOf(':', authorityEnd - 1);
            if (colon >= authorityStart && colon > hostEnd) {
                portStart = colon + 1;
            }
        } else {
            authorityStart = marked.length();
        }
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c != REFERENCE_MARK || i < authorityStart) {
                out.append(c);
            } else {
                out.append(portStart >= 0 && i >= portStart && i < authorityEnd ? "1" : "var");
            }
        }
        return out.toString();
    }

    private void checkHeaders(Map<String, String> headers, List<FieldError> errors) {
        if (headers.size() > limits.maxHeaders()) {
            errors.add(new FieldError("headers", "at most " + limits.maxHeaders() + " headers are allowed"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String field = "headers." + name;
            if (name.isEmpty() || name.length() > MAX_HEADER_NAME || !HEADER_NAME.matcher(name).matches()) {
                errors.add(new FieldError(field, "is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"));
                continue;
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "is given twice (header names are case-insensitive)"));
            }
            if (MANAGED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, "is set by the MCP client itself and can't be configured"));
            } else if (name.toLowerCase(Locale.ROOT).startsWith(PROXY_HEADER_PREFIX)) {
                errors.add(new FieldError(field, PROXY_HEADER_TEXT));
            }
            String value = header.getValue();
            if (value == null) {
                continue;
            }
            if (value.length() > limits.maxHeaderValueLength()) {
                errors.add(new FieldError(field, "value must be at most " + limits.maxHeaderValueLength()
                        + " characters"));
            } else if (!OutboundText.isSafe(value)) {
                errors.add(new FieldError(field, "value " + OutboundText.MUST_NOT_CONTAIN));
            } else if (VariableTemplate.invalid(value) != null) {
                errors.add(new FieldError(field, "value references {{" + VariableTemplate.invalid(value)
                        + "}}, which is not a valid variable name"));
            }
        }
    }
}
