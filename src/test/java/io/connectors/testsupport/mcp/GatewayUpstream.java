package io.connectors.testsupport.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream MCP server for gateway tests and benchmarks: the SDK's server (Streamable HTTP) on Jetty, on
 * 127.0.0.1. Its tools:
 * <ul>
 * <li>{@code search}: title, description, input and output schema, annotations; answers text
 * {@code "found <query>"} and structured content {@code {"hits": 3}};</li>
 * <li>{@code fail}: answers {@code isError: true} with the text {@code "upstream says no"};</li>
 * <li>{@code slow}: never answers;</li>
 * <li>{@code big}: answers a text of {@code bigBytes} characters;</li>
 * <li>{@code t-1}..{@code t-n} with {@link #extraTools(int)}: plain tools answering {@code "t-i"}.</li>
 * </ul>
 * With {@link #requireHeader(String, String)} every request without that header value is answered 401. It records
 * the headers and the arguments it received, the MCP sessions it saw and the DELETEs that ended them, and
 * {@link #forgetSessions()} makes it answer 404 to every session it knows, as a restarted server would.
 */
public final class GatewayUpstream implements AutoCloseable {

    public static final String SEARCH_DESCRIPTION = "Search the documents of the team";

    private final Server jetty;
    private final McpAsyncServer mcp;
    private final int port;
    private final List<Map<String, String>> seenHeaders = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> seenArguments = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final java.util.Set<String> sessions = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final AtomicInteger deletes = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final HttpServletStreamableServerTransportProvider provider;

    private GatewayUpstream(Builder config) throws Exception {
        provider = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .mcpEndpoint("/mcp")
                .build();
        List<McpServerFeatures.AsyncToolSpecification> specs = new ArrayList<>();
        specs.add(tool(McpSchema.Tool.builder()
                .name("search")
                .title("Search")
                .description(SEARCH_DESCRIPTION)
                .inputSchema(Map.of("type", "object", "properties", Map.of("query", Map.of("type", "string",
                        "description", "What to look for")), "required", List.of("query")))
                .outputSchema(Map.of("type", "object", "properties", Map.of("hits", Map.of("type", "integer"))))
                .annotations(new McpSchema.ToolAnnotations("Search", true, false, true, false, null))
                .build(), arguments -> McpSchema.CallToolResult.builder()
                .addTextContent("found " + arguments.get("query"))
                .structuredContent(Map.of("hits", 3))
                .build()));
        specs.add(tool(plain("fail"), arguments -> McpSchema.CallToolResult.builder()
                .addTextContent("upstream says no").isError(true).build()));
        specs.add(McpServerFeatures.AsyncToolSpecification.builder().tool(plain("slow"))
                .callHandler((exchange, request) -> {
                    record(request);
                    return Mono.never();
                }).build());
        specs.add(tool(plain("big"), arguments -> McpSchema.CallToolResult.builder()
                .addTextContent("x".repeat(config.bigBytes)).build()));
        for (int i = 1; i <= config.extraTools; i++) {
            String name = "t-" + i;
            specs.add(tool(plain(name), arguments -> McpSchema.CallToolResult.builder().addTextContent(name).build()));
        }
        mcp = McpServer.async(provider).serverInfo("gateway-upstream", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(specs).build();
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
        Filter filter = (req, res, chain) -> {
            HttpServletRequest request = (HttpServletRequest) req;
            Map<String, String> headers = new ConcurrentHashMap<>();
            request.getHeaderNames().asIterator().forEachRemaining(name ->
                    headers.put(name.toLowerCase(), request.getHeader(name)));
            seenHeaders.add(headers);
            String session = request.getHeader("Mcp-Session-Id");
            if (session != null) {
                sessions.add(session);
                if ("DELETE".equals(request.getMethod())) {
                    deletes.incrementAndGet();
                }
                if ("GET".equals(request.getMethod())) {
                    streams.incrementAndGet();
                }
                if (forgotten.contains(session)) {
                    HttpServletResponse response = (HttpServletResponse) res;
                    response.setStatus(404);
                    response.setContentType("application/json");
                    response.getWriter().write("{\"error\":\"session not found\"}");
                    return;
                }
            }
            if (config.headerName != null && !config.headerValue.equals(request.getHeader(config.headerName))) {
                HttpServletResponse response = (HttpServletResponse) res;
                response.setStatus(401);
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"unauthorized\"}");
                return;
            }
            chain.doFilter(req, res);
        };
        FilterHolder filterHolder = new FilterHolder(filter);
        filterHolder.setAsyncSupported(true);
        context.addFilter(filterHolder, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options; all optional. */
    public static final class Builder {
        private String headerName;
        private String headerValue;
        private int extraTools;
        private int bigBytes = 1000;

        public Builder requireHeader(String name, String value) {
            this.headerName = name;
            this.headerValue = value;
            return this;
        }

        public Builder extraTools(int count) {
            this.extraTools = count;
            return this;
        }

        public Builder bigBytes(int bytes) {
            this.bigBytes = bytes;
            return this;
        }

        public GatewayUpstream start() {
            try {
                return new GatewayUpstream(this);
            } catch (Exception e) {
                throw new IllegalStateException("Gateway upstream did not start", e);
            }
        }
    }

    private McpServerFeatures.AsyncToolSpecification tool(McpSchema.Tool tool,
            java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> answer) {
        return McpServerFeatures.AsyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> {
                    record(request);
                    return Mono.just(answer.apply(request.arguments() == null ? Map.of() : request.arguments()));
                }).build();
    }

    private void record(McpSchema.CallToolRequest request) {
        calls.incrementAndGet();
        seenArguments.add(request.arguments() == null ? Map.of() : request.arguments());
    }

    private static McpSchema.Tool plain(String name) {
        return McpSchema.Tool.builder().name(name).description("Tool " + name)
                .inputSchema(Map.of("type", "object")).build();
    }

    /** Adds a tool while running (the gateway sees it once its cached list is dropped). */
    public void addTool(String name) {
        mcp.addTool(tool(plain(name), arguments -> McpSchema.CallToolResult.builder().addTextContent(name).build()))
                .block(Duration.ofSeconds(2));
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** MCP sessions that sent at least one request after their handshake (distinct session ids). */
    public int sessions() {
        return sessions.size();
    }

    /** Sessions ended by their client (DELETE). */
    public int deletes() {
        return deletes.get();
    }

    /** Event streams (GETs of a session) it was asked to open. */
    public int streams() {
        return streams.get();
    }

    /**
     * Sends {@code count} log notifications of {@code bytes} characters each to every open session, on its event
     * stream: a server that floods its clients.
     */
    public void flood(int count, int bytes) {
        for (int i = 0; i < count; i++) {
            provider.notifyClients(McpSchema.METHOD_NOTIFICATION_MESSAGE, Map.of("level", "info",
                    "data", "x".repeat(bytes))).block(Duration.ofSeconds(5));
        }
    }

    /** From now on every session it has seen is answered 404, as by a restarted server. */
    public void forgetSessions() {
        forgotten.addAll(sessions);
    }

    public int port() {
        return port;
    }

    /** Tool calls received. */
    public int calls() {
        return calls.get();
    }

    public List<Map<String, Object>> seenArguments() {
        return List.copyOf(seenArguments);
    }

    /** Headers of every request, lower-case names. */
    public List<Map<String, String>> seenHeaders() {
        return List.copyOf(seenHeaders);
    }

    @Override
    public void close() {
        try {
            mcp.closeGracefully().block(Duration.ofSeconds(2));
        } catch (RuntimeException ignored) {
            // Stopping Jetty ends the rest.
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
