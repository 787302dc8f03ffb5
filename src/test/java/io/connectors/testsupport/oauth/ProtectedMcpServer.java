package io.connectors.testsupport.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OAuth-protected MCP server (the MCP Java SDK's Streamable HTTP server on Jetty, 127.0.0.1): every request
 * needs a live bearer token that {@link TestAuthorizationServer} issued for this server's URL (RFC 8707 audience);
 * without one it answers 401 with {@code WWW-Authenticate: Bearer resource_metadata="…"} (or, in well-known mode,
 * a bare {@code Bearer} challenge), and serves its RFC 9728 protected resource metadata at the path-inserted
 * well-known URL. With {@link #requireScope} a token lacking the scope gets 403 {@code insufficient_scope}.
 */
public final class ProtectedMcpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestAuthorizationServer authorizationServer;
    private final Server jetty;
    private final McpAsyncServer mcp;
    private final int port;
    private volatile boolean advertiseInHeader = true;
    private volatile String requiredScope;
    private volatile String challengeScope;
    private volatile String authorizationServerOverride;
    private final List<String> bearerTokens = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private ProtectedMcpServer(TestAuthorizationServer authorizationServer, int tools) throws Exception {
        this.authorizationServer = authorizationServer;
        List<McpServerFeatures.AsyncToolSpecification> specs = new ArrayList<>();
        for (int i = 1; i <= tools; i++) {
            specs.add(McpServerFeatures.AsyncToolSpecification.builder()
                    .tool(McpSchema.Tool.builder().name("secured-" + i).description("Secured tool " + i)
                            .inputSchema(Map.of("type", "object")).build())
                    .callHandler((exchange, request) -> Mono.just(McpSchema.CallToolResult.builder()
                            .addTextContent("ok").build()))
                    .build());
        }
        HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .mcpEndpoint("/mcp")
                .build();
        mcp = McpServer.async(provider).serverInfo("protected-server", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build()).tools(specs).build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(provider);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        FilterHolder filter = new FilterHolder(new Guard());
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    public static ProtectedMcpServer start(TestAuthorizationServer authorizationServer) {
        try {
            return new ProtectedMcpServer(authorizationServer, 2);
        } catch (Exception e) {
            throw new IllegalStateException("Protected MCP server did not start", e);
        }
    }

    /** The 401 names no {@code resource_metadata}: clients must find the well-known document themselves. */
    public ProtectedMcpServer wellKnownOnly() {
        advertiseInHeader = false;
        return this;
    }

    /** The 401's challenge carries {@code scope="…"}. */
    public ProtectedMcpServer challengeScope(String scope) {
        challengeScope = scope;
        return this;
    }

    /** Tokens without {@code scope} are refused with 403 {@code insufficient_scope}. */
    public ProtectedMcpServer requireScope(String scope) {
        requiredScope = scope;
        return this;
    }

    /** The metadata names this authorization server instead (a lying server). */
    public ProtectedMcpServer authorizationServer(String issuer) {
        authorizationServerOverride = issuer;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** Bearer tokens received, in order. */
    public List<String> bearerTokens() {
        return List.copyOf(bearerTokens);
    }

    /** Paths requested, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    public String resourceMetadataUrl() {
        return "http://127.0.0.1:" + port + "/.well-known/oauth-protected-resource/mcp";
    }

    @Override
    public void close() {
        try {
            mcp.closeGracefully().block(Duration.ofSeconds(2));
        } catch (RuntimeException ignored) {
            // Stopping Jetty ends whatever is left.
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Guard implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String path = request.getRequestURI();
            paths.add(path);
            if (path.equals("/.well-known/oauth-protected-resource/mcp")) {
                ObjectNode metadata = JSON.createObjectNode();
                metadata.put("resource", url());
                metadata.putArray("authorization_servers").add(authorizationServerOverride != null
                        ? authorizationServerOverride : authorizationServer.issuer());
                metadata.putArray("scopes_supported").add("read");
                metadata.putArray("bearer_methods_supported").add("header");
                response.setStatus(200);
                response.setContentType("application/json");
                response.getOutputStream().write(JSON.writeValueAsBytes(metadata));
                return;
            }
            if (!path.startsWith("/mcp")) {
                response.sendError(404);
                return;
            }
            String authorization = request.getHeader("Authorization");
            String token = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring(7) : null;
            if (token != null) {
                bearerTokens.add(token);
            }
            TestAuthorizationServer.AccessToken grant = authorizationServer.validAccessToken(token, url());
            if (grant == null) {
                StringBuilder challenge = new StringBuilder("Bearer");
                List<String> params = new ArrayList<>();
                if (token != null) {
                    params.add("error=\"invalid_token\"");
                }
                if (advertiseInHeader) {
                    params.add("resource_metadata=\"" + resourceMetadataUrl() + "\"");
                }
                if (challengeScope != null) {
                    params.add("scope=\"" + challengeScope + "\"");
                }
                if (!params.isEmpty()) {
                    challenge.append(' ').append(String.join(", ", params));
                }
                response.setHeader("WWW-Authenticate", challenge.toString());
                response.sendError(401);
                return;
            }
            String scope = requiredScope;
            if (scope != null && (grant.scope() == null || !List.of(grant.scope().split(" ")).contains(scope))) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\"" + scope
                        + "\", resource_metadata=\"" + resourceMetadataUrl() + "\"");
                response.sendError(403);
                return;
            }
            chain.doFilter(req, res);
        }
    }
}
