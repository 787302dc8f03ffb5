package io.connectors.mcp.service;

import io.connectors.assignment.AssignedTarget;
import io.connectors.assignment.service.AssignmentService;
import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorOrigin;
import io.connectors.connector.service.ConnectorService;
import io.connectors.egress.OutboundText;
import io.connectors.egress.OutboundUrl;
import io.connectors.mcp.client.McpCallException;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.oauth.IntegrationProvider;
import io.connectors.oauth.IntegrationTokens;
import io.connectors.oauth.OAuthMcpDefinition;
import io.connectors.oauth.OAuthMcpNotFoundException;
import io.connectors.oauth.OAuthMcpProvider;
import io.connectors.oauth.GrantKey;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.service.AuthorizationDiscovery;
import io.connectors.oauth.service.IntegrationService;
import io.connectors.oauth.service.TokenEndpoint;
import io.connectors.oauth.service.TokenEngine;
import io.connectors.secret.SecretUnreadableException;
import io.connectors.variable.AllowedHosts;
import io.connectors.variable.VariableTemplate;
import io.connectors.variable.service.VariableService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The one path from stored connectors and predefined OAuth MCPs to ready MCP endpoints (the spec's MCPBuilder). The
 * tester, the teammate tools view and the runtime view all resolve through it.
 *
 * <ul>
 * <li>Simple connectors: organization variables are injected into the URL and header values ({@code {{NAME}}}); an
 * unknown variable is an error naming it, an injected value can't put CR/LF into a header, the injected URL is
 * checked again as a whole, and a secret variable goes only to the hosts it allows.</li>
 * <li>Predefined OAuth MCPs: the user's integration token is attached as a bearer token, refreshed through the
 * provider's token endpoint when it has expired (and stored again); one endpoint per toolset.</li>
 * </ul>
 * Resolution reads the database one step at a time (one reactive session is never used concurrently) and comes back
 * to the request's Vert.x context after a token refresh, before storing the new token.
 */
@Singleton
public class McpBuilder {

    /** Refresh a token this long before it expires, so it doesn't expire mid-call. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

    private final ConnectorService connectors;
    private final AssignmentService assignments;
    private final VariableService variables;
    private final OAuthMcpProvider oauthMcps;
    private final IntegrationService integrations;
    private final TokenRefresher refresher;
    private final TokenEngine tokenEngine;
    private final AuthorizationDiscovery discovery;

    public McpBuilder(ConnectorService connectors, AssignmentService assignments, VariableService variables,
            OAuthMcpProvider oauthMcps, IntegrationService integrations, TokenRefresher refresher,
            TokenEngine tokenEngine, AuthorizationDiscovery discovery) {
        this.connectors = connectors;
        this.assignments = assignments;
        this.variables = variables;
        this.oauthMcps = oauthMcps;
        this.integrations = integrations;
        this.refresher = refresher;
        this.tokenEngine = tokenEngine;
        this.discovery = discovery;
    }

    /** Whose integration a predefined OAuth MCP uses, and how errors should name it. */
    private record Target(Connector connector, String oauthMcp, String userId, boolean caller) {
    }

    /** An organization connector, with the caller's integration for an OAuth one. 404 if it isn't the org's. */
    public Uni<List<ResolvedToolset>> forConnector(String organizationId, String callerId, UUID connectorId) {
        return connectors.findConnector(organizationId, connectorId)
                .flatMap(connector -> resolve(organizationId, List.of(new Target(connector, null, callerId, true))));
    }

    /** A predefined OAuth MCP with the caller's integration. 404 for an unknown key. */
    public Uni<List<ResolvedToolset>> forOAuthMcp(String organizationId, String callerId, String key) {
        if (!oauthMcps.isKnown(key)) {
            return Uni.createFrom().failure(new OAuthMcpNotFoundException(key));
        }
        return resolve(organizationId, List.of(new Target(null, key, callerId, true)));
    }

    /**
     * Everything a teammate has enabled; predefined OAuth MCPs with the integration of the user who enabled them.
     */
    public Uni<List<ResolvedToolset>> forEmployee(String organizationId, String employeeId) {
        return assignments.findAssignedTargets(organizationId, employeeId)
                .flatMap(targets -> resolve(organizationId, targets.stream()
                        .map(t -> new Target(t.connector(), t.oauthMcp(), t.assignedBy(), false))
                        .toList()));
    }

    /**
     * Some of a teammate's assigned targets, as {@link AssignmentService#findAssignedTargets} loaded them; the
     * gateway resolves only the one a tool call needs. Each target yields its toolsets in definition order (one for
     * a simple connector).
     */
    public Uni<List<ResolvedToolset>> forAssigned(String organizationId, List<AssignedTarget> assigned) {
        return resolve(organizationId, assigned.stream()
                .map(t -> new Target(t.connector(), t.oauthMcp(), t.assignedBy(), false))
                .toList());
    }

    private Uni<List<ResolvedToolset>> resolve(String organizationId, List<Target> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
        boolean anySimple = targets.stream().anyMatch(t -> t.connector() != null && t.connector().isSimple());
        Uni<Injection> values = anySimple ? variables.findInjectables(organizationId).map(Injection::of)
                : Uni.createFrom().item(Injection.of(Map.of()));
        Map<String, Uni<String>> tokens = new HashMap<>();
        return values.flatMap(vars -> Multi.createFrom().iterable(targets)
                // One at a time: these read (and may write) the database on one session.
                .onItem().transformToUniAndConcatenate(target -> resolveTarget(organizationId, target, vars, tokens,
                        onContext))
                .collect().asList()
                .map(lists -> {
                    List<ResolvedToolset> all = new ArrayList<>();
                    lists.forEach(all::addAll);
                    return all;
                }));
    }

    private Uni<List<ResolvedToolset>> resolveTarget(String organizationId, Target target, Injection vars,
            Map<String, Uni<String>> tokens, Executor onContext) {
        Connector connector = target.connector();
        if (connector != null && connector.signsIn()) {
            return resolveSignedIn(target, vars, onContext).map(List::of);
        }
        if (connector != null && connector.isSimple()) {
            return Uni.createFrom().item(List.of(resolveSimple(connector, vars)));
        }
        String key = connector != null ? connector.oauthMcp : target.oauthMcp();
        String baseName = connector != null ? connector.name : oauthMcps.find(key)
                .map(OAuthMcpDefinition::name).orElse(key);
        UUID mcpId = connector == null ? null : connector.id;
        String oauthKey = connector == null ? key : null;
        OAuthMcpDefinition definition = oauthMcps.find(key).orElse(null);
        if (definition == null) {
            return Uni.createFrom().item(List.of(ResolvedToolset.failed(baseName, mcpId, oauthKey,
                    new McpCallException(McpCallException.Kind.UNKNOWN_DEFINITION, "The predefined OAuth MCP '"
                            + key + "' is not configured in this deployment"))));
        }
        return token(organizationId, target, definition, tokens, onContext)
                .map(token -> {
                    List<ResolvedToolset> resolved = new ArrayList<>();
                    for (OAuthMcpDefinition.Toolset toolset : definition.toolsets()) {
                        resolved.add(resolveToolset(baseName, mcpId, oauthKey, definition, toolset, token));
                    }
                    return resolved;
                })
                .onFailure(McpCallException.class).recoverWithItem(failure -> definition.toolsets().stream()
                        .map(t -> ResolvedToolset.failed(toolsetName(baseName, definition, t), mcpId, oauthKey,
                                (McpCallException) failure))
                        .toList());
    }

    private ResolvedToolset resolveToolset(String baseName, UUID mcpId, String oauthKey,
            OAuthMcpDefinition definition, OAuthMcpDefinition.Toolset toolset, String token) {
        String name = toolsetName(baseName, definition, toolset);
        if (!toolset.configured()) {
            return ResolvedToolset.failed(name, mcpId, oauthKey, new McpCallException(
                    McpCallException.Kind.INVALID_URL, "No MCP endpoint is configured for the " + toolset.name()
                            + " toolset of " + definition.name() + " in this deployment"));
        }
        URI url;
        try {
            url = new URI(toolset.url());
        } catch (URISyntaxException e) {
            return ResolvedToolset.failed(name, mcpId, oauthKey, new McpCallException(
                    McpCallException.Kind.INVALID_URL, "The configured endpoint of " + name + " is not a valid URL"));
        }
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token);
        return new ResolvedToolset(name, mcpId, oauthKey, transportOf(url), url, headers, hostLabel(url), null);
    }

    private static String toolsetName(String baseName, OAuthMcpDefinition definition,
            OAuthMcpDefinition.Toolset toolset) {
        return definition.toolsets().size() == 1 ? baseName : baseName + " / " + toolset.name();
    }

    /** The access token to send, refreshed and stored when expired; one lookup per (user, provider) per request. */
    private Uni<String> token(String organizationId, Target target, OAuthMcpDefinition definition,
            Map<String, Uni<String>> tokens, Executor onContext) {
        String provider = definition.provider();
        String label = capitalize(provider);
        String whose = target.caller() ? "Your " + label + " integration"
                : "The " + label + " integration of " + target.userId() + " (who enabled it for this teammate)";
        return tokens.computeIfAbsent(target.userId() + "\u0000" + provider, k -> integrations
                .findTokens(organizationId, target.userId(), provider)
                .onFailure(SecretUnreadableException.class).transform(e -> new McpCallException(
                        McpCallException.Kind.SECRET_UNREADABLE, whose + " can't be read (its tokens were sealed "
                                + "under a key this deployment no longer has): connect it again on the Integrations "
                                + "page"))
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().<String>failure(new McpCallException(
                                McpCallException.Kind.NOT_CONNECTED, whose
                                        + " is not connected: connect it on the Integrations page"));
                    }
                    IntegrationTokens current = found.get();
                    if (!current.expiredAt(Instant.now().plus(EXPIRY_MARGIN))) {
                        return Uni.createFrom().item(current.accessToken());
                    }
                    IntegrationProvider endpoint = oauthMcps.provider(provider).orElse(null);
                    if (current.refreshToken() == null || endpoint == null || endpoint.tokenUrl().isBlank()) {
                        return Uni.createFrom().<String>failure(new McpCallException(
                                McpCallException.Kind.NOT_CONNECTED, whose
                                        + " has expired: reconnect it on the Integrations page"));
                    }
                    // One refresh per (user, provider) across replicas, stored with its claim's release.
                    return tokenEngine.integrationAccessToken(organizationId, target.userId(), provider,
                                    refreshToken -> refresher.refresh(endpoint, refreshToken, label)
                                            .map(fresh -> new TokenEndpoint.Tokens(fresh.accessToken(),
                                                    fresh.refreshToken(), fresh.expiresAt(), null)))
                            .onFailure(OAuthFailure.class).transform(e -> new McpCallException(
                                    McpCallException.Kind.NOT_CONNECTED, whose
                                            + " has expired: reconnect it on the Integrations page"))
                            // The answer arrives on an HTTP client thread; the database needs the request's context.
                            .emitOn(onContext);
                })
                .memoize().indefinitely());
    }

    /**
     * An {@code auth: oauth} connector: resolved like any simple connector, then the bearer token of the grant it
     * runs with is attached (the caller's, the organization's, or for a teammate the person's who enabled it),
     * refreshed ahead of expiry by the token engine.
     */
    private Uni<ResolvedToolset> resolveSignedIn(Target target, Injection vars, Executor onContext) {
        Connector connector = target.connector();
        ResolvedToolset resolved = resolveSimple(connector, vars);
        ResolvedToolset.SignedIn signedIn = signedIn(connector, target);
        if (!resolved.resolved()) {
            return Uni.createFrom().item(withSignIn(resolved, signedIn, resolved.headers(), resolved.failure()));
        }
        return tokenEngine.accessToken(signedIn.grant(), resolved.url(), signedIn.whose(), signedIn.reconnect())
                .emitOn(onContext)
                .map(token -> {
                    Map<String, String> headers = new LinkedHashMap<>(resolved.headers());
                    headers.put("Authorization", "Bearer " + token);
                    return withSignIn(resolved, signedIn, Map.copyOf(headers), null);
                })
                .onFailure(OAuthFailure.class).recoverWithItem(f -> {
                    OAuthFailure failure = (OAuthFailure) f;
                    McpCallException.Kind kind = failure.kind() == OAuthFailure.Kind.NOT_SIGNED_IN
                            ? McpCallException.Kind.AUTHORIZATION_REQUIRED : McpCallException.Kind.TOKEN_REFRESH;
                    return ResolvedToolset.failed(connector.name, connector.id, null,
                            new McpCallException(kind, failure.getMessage())).withSignIn(signedIn);
                })
                .onFailure(SecretUnreadableException.class).recoverWithItem(f -> ResolvedToolset.failed(
                        connector.name, connector.id, null, new McpCallException(
                                McpCallException.Kind.AUTHORIZATION_REQUIRED, signedIn.whose() + " can't be read "
                                + "(it was sealed under a key this deployment no longer has): " + signedIn.reconnect()
                                + " must sign in again on the Connectors page")).withSignIn(signedIn));
    }

    private static ResolvedToolset withSignIn(ResolvedToolset resolved, ResolvedToolset.SignedIn signedIn,
            Map<String, String> headers, McpCallException failure) {
        return new ResolvedToolset(resolved.name(), resolved.mcpId(), resolved.oauthMcp(), resolved.transport(),
                resolved.url(), headers, resolved.display(), failure, signedIn);
    }

    private static ResolvedToolset.SignedIn signedIn(Connector connector, Target target) {
        GrantKey grant = ConnectorService.grantKey(connector, target.userId());
        if (connector.organizationCredential()) {
            return new ResolvedToolset.SignedIn(grant, "The organization's sign-in to " + connector.name,
                    "a staff member");
        }
        if (target.caller()) {
            return new ResolvedToolset.SignedIn(grant, "Your sign-in to " + connector.name, "you");
        }
        return new ResolvedToolset.SignedIn(grant, "The sign-in to " + connector.name + " of " + target.userId()
                + " (who enabled it for this teammate)", target.userId());
    }

    /**
     * Words an upstream 401 or 403 of an {@code auth: oauth} connector: the server's challenge is read once more
     * (with the token); {@code insufficient_scope} records the scopes it named, so the next sign-in asks for them.
     * Anything else reads as "sign in again". Other failures come back as they were.
     */
    public Uni<McpCallException> explainRefusal(ResolvedToolset toolset, McpCallException failure) {
        if (toolset.signedIn() == null || failure.kind() != McpCallException.Kind.UNAUTHORIZED
                || toolset.url() == null) {
            return Uni.createFrom().item(failure);
        }
        ResolvedToolset.SignedIn signedIn = toolset.signedIn();
        return discovery.challenge(toolset.url(), toolset.headers())
                .flatMap(challenge -> {
                    if (challenge.isPresent() && "insufficient_scope".equals(challenge.get().error())) {
                        List<String> scopes = challenge.get().scope() == null ? List.of()
                                : List.of(challenge.get().scope().trim().split(" +"));
                        String message = signedIn.whose() + " lacks permissions the server asks for"
                                + (scopes.isEmpty() ? "" : " (" + String.join(" ", scopes) + ")") + ": "
                                + signedIn.reconnect() + " must sign in again on the Connectors page to grant them";
                        return tokenEngine.requireScopes(signedIn.grant(), scopes, message)
                                .replaceWith(new McpCallException(McpCallException.Kind.AUTHORIZATION_REQUIRED,
                                        message));
                    }
                    return Uni.createFrom().item(new McpCallException(McpCallException.Kind.AUTHORIZATION_REQUIRED,
                            toolset.display() + " refused " + lowerFirst(signedIn.whose()) + ": "
                                    + signedIn.reconnect() + " must sign in again on the Connectors page"));
                })
                .onFailure().recoverWithItem(new McpCallException(McpCallException.Kind.AUTHORIZATION_REQUIRED,
                        toolset.display() + " refused " + lowerFirst(signedIn.whose()) + ": " + signedIn.reconnect()
                                + " must sign in again on the Connectors page"));
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /** The organization's variables for one resolution: each with its state, and the readable values by name. */
    private record Injection(Map<String, VariableService.Injectable> variables, Map<String, String> values) {

        static Injection of(Map<String, VariableService.Injectable> variables) {
            Map<String, String> values = new HashMap<>();
            variables.values().stream().filter(VariableService.Injectable::readable)
                    .forEach(v -> values.put(v.name(), v.value()));
            return new Injection(variables, values);
        }
    }

    /**
     * Injects variables into a simple connector and checks the result; any step that fails fails this connector
     * only, with nothing sent anywhere.
     */
    private ResolvedToolset resolveSimple(Connector connector, Injection injection) {
        try {
            URI url = injectUrl(connector, injection);
            requireHeadersBoundHere(connector, url);
            Map<String, String> templates = headerTemplates(connector);
            checkSecretsStayWithTheirHosts(connector, url, templates, injection);
            Map<String, String> headers = injectHeaders(connector, templates, injection);
            // The host may come from a (secret) variable: then errors name the connector instead of the host.
            String authority = authorityOf(connector.url);
            String display = authority.contains("{{") ? "the server of " + connector.name : hostLabel(url);
            return new ResolvedToolset(connector.name, connector.id, null, transportOf(url), url, headers, display,
                    null);
        } catch (McpCallException e) {
            return ResolvedToolset.failed(connector.name, connector.id, null, e);
        }
    }

    /** The URL with variables injected, checked as a whole again: its shape at save time said little. */
    private static URI injectUrl(Connector connector, Injection injection) {
        requireReadable(connector.url, injection, "the URL");
        String rendered = VariableTemplate.render(connector.url, injection.values());
        URI url;
        try {
            url = new URI(rendered);
        } catch (URISyntaxException e) {
            throw new McpCallException(McpCallException.Kind.INVALID_URL, "The URL of " + connector.name
                    + " is not a valid URL once variables are injected");
        }
        Optional<OutboundUrl.Problem> problem = OutboundUrl.problem(url);
        if (problem.isPresent()) {
            throw new McpCallException(McpCallException.Kind.INVALID_URL, problem.get().afterInjection(connector.name));
        }
        return url;
    }

    /** The stored header values, still holding their {@code {{…}}} references. */
    private Map<String, String> headerTemplates(Connector connector) {
        try {
            return connectors.decryptHeaders(connector);
        } catch (SecretUnreadableException e) {
            throw new McpCallException(McpCallException.Kind.SECRET_UNREADABLE, "A stored header value of "
                    + connector.name + " can't be read (it was sealed under a key this deployment no longer has): "
                    + "edit the connector and enter its header values again");
        }
    }

    /**
     * SPEC "Secrets stay with the host they were given for": every secret variable the URL or a header references
     * must list the injected URL's host among its allowed hosts.
     */
    private static void checkSecretsStayWithTheirHosts(Connector connector, URI url, Map<String, String> templates,
            Injection injection) {
        Set<String> referenced = new LinkedHashSet<>(VariableTemplate.references(connector.url));
        templates.values().forEach(value -> referenced.addAll(VariableTemplate.references(value)));
        for (String name : referenced) {
            VariableService.Injectable variable = injection.variables().get(name);
            if (variable == null || !variable.secret()) {
                continue;
            }
            if (variable.allowedHosts().isEmpty()) {
                throw new McpCallException(McpCallException.Kind.SECRET_NOT_ALLOWED, "The secret variable {{" + name
                        + "}} has no allowed hosts (it was stored before they were required): edit the variable, "
                        + "enter its value again and list the hosts it may be sent to");
            }
            if (!AllowedHosts.allows(variable.allowedHosts(), url.getHost())) {
                throw new McpCallException(McpCallException.Kind.SECRET_NOT_ALLOWED, "The secret variable {{" + name
                        + "}} may not be sent to the server of " + connector.name
                        + ": its allowed hosts don't include it");
            }
        }
    }

    private static Map<String, String> injectHeaders(Connector connector, Map<String, String> templates,
            Injection injection) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : templates.entrySet()) {
            String where = "the header " + header.getKey();
            requireReadable(header.getValue(), injection, where);
            String value = VariableTemplate.render(header.getValue(), injection.values());
            if (!OutboundText.isSafe(value)) {
                throw new McpCallException(McpCallException.Kind.INVALID_HEADER, "The header " + header.getKey()
                        + " of " + connector.name + " " + OutboundText.WOULD_CONTAIN + " once variables are "
                        + "injected");
            }
            headers.put(header.getKey(), value);
        }
        return Map.copyOf(headers);
    }

    /**
     * Header values go only to the origin they were given for. A variable in the host may have changed since: then
     * the connector fails before any header is decrypted, and nothing is sent.
     */
    private static void requireHeadersBoundHere(Connector connector, URI url) {
        if (connector.headers == null || connector.headers.isEmpty()
                || ConnectorOrigin.same(connector.headersOrigin, url.toString())) {
            return;
        }
        throw new McpCallException(McpCallException.Kind.INVALID_HEADER, "The header values of " + connector.name
                + " were given for another server than its URL now points to: they must be entered again");
    }

    /** Every variable {@code template} references exists and can be read; else an error naming it. */
    private static void requireReadable(String template, Injection injection, String where) {
        for (String name : VariableTemplate.references(template)) {
            VariableService.Injectable variable = injection.variables().get(name);
            if (variable == null) {
                throw new McpCallException(McpCallException.Kind.UNKNOWN_VARIABLE, "Unknown variable {{" + name
                        + "}} in " + where + ": define it under organization variables");
            }
            if (!variable.readable()) {
                throw new McpCallException(McpCallException.Kind.SECRET_UNREADABLE, "The secret variable {{" + name
                        + "}} in " + where + " can't be read (it was sealed under a key this deployment no longer "
                        + "has): edit the variable and enter its value again");
            }
        }
    }

    /** The authority part of a URL template, without parsing it (it may hold {@code {{VAR}}}). */
    private static String authorityOf(String template) {
        int start = template.indexOf("//");
        if (start < 0) {
            return template;
        }
        int end = template.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = template.indexOf(stop, start + 2);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return template.substring(start + 2, end);
    }

    static String hostLabel(URI url) {
        return url.getPort() >= 0 ? url.getHost() + ":" + url.getPort() : url.getHost();
    }

    /** Old servers are conventionally served at {@code …/sse}; the tester tries Streamable HTTP first either way. */
    static String transportOf(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        return path.endsWith("/sse") ? McpToolLister.SSE : McpToolLister.STREAMABLE_HTTP;
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
