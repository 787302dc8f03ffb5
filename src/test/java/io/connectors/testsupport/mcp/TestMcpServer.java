package io.connectors.testsupport.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import reactor.core.publisher.Mono;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real MCP server for tests and benchmarks: the MCP Java SDK's own server on an embedded Jetty, listening on
 * 127.0.0.1 on a free port. Start one with a builder and close it when done (it is {@link AutoCloseable}):
 *
 * <pre>{@code
 * try (TestMcpServer server = TestMcpServer.streamable().tools(5).pageSize(2).start()) {
 *     server.url(); // http://127.0.0.1:<port>/mcp
 * }
 * TestMcpServer.sse().tools(3).requireHeader("X-Api-Key", "k").start(); // legacy HTTP+SSE on /sse
 * TestMcpServer.streamable().unauthorized().start();  // every request: 401
 * TestMcpServer.streamable().html().start();          // every request: 200 text/html
 * TestMcpServer.streamable().hang().start();          // accepts requests, never answers
 * TestMcpServer.streamable().delay(Duration.ofMillis(200)).start(); // tools/list answers after 200 ms
 * }</pre>
 * Tools are named {@code tool-1..tool-N} with description {@code "Test tool i"}. Page size applies to Streamable HTTP
 * (the SDK server does not paginate, so a filter answers {@code tools/list} pages itself, cursor = next index).
 * The server records what it saw: request count, headers, the client's {@code initialize} info, session DELETEs and
 * open SSE streams.
 */
public final class TestMcpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Builder config;
    private final Server jetty;
    private final McpAsyncServer mcp;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();
    private final AtomicInteger toolListCalls = new AtomicInteger();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final List<Map<String, String>> seenHeaders = new CopyOnWriteArrayList<>();
    private volatile JsonNode clientInfo;

    public static Builder streamable() {
        return new Builder(false);
    }

    public static Builder sse() {
        return new Builder(true);
    }

    /** What the server does; all optional. */
    public static final class Builder {
        private final boolean legacySse;
        private int tools = 3;
        private int pageSize;
        private String headerName;
        private String headerValue;
        private Duration delay = Duration.ZERO;
        private boolean unauthorized;
        private boolean html;
        private boolean hang;
        private String description;
        private int firstNameLength;
        private boolean closeConnections;

        private Builder(boolean legacySse) {
            this.legacySse = legacySse;
        }

        /** Number of tools (default 3). */
        public Builder tools(int count) {
            this.tools = count;
            return this;
        }

        /** Tools per {@code tools/list} page (Streamable HTTP only); 0 = one page (default). */
        public Builder pageSize(int size) {
            this.pageSize = size;
            return this;
        }

        /** Answer 401 unless the request carries this header with this value. */
        public Builder requireHeader(String name, String value) {
            this.headerName = name;
            this.headerValue = value;
            return this;
        }

        /** Answer each {@code tools/list} request after this long. */
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        /** Answer every request 401 Unauthorized. */
        public Builder unauthorized() {
            this.unauthorized = true;
            return this;
        }

        /** Answer every request 200 with an HTML page (not an MCP endpoint). */
        public Builder html() {
            this.html = true;
            return this;
        }

        /** Every tool gets this description instead of {@code "Test tool i"}. */
        public Builder description(String text) {
            this.description = text;
            return this;
        }

        /**
         * The first tool's name is {@code length} characters long ({@code tool-1xxx…}); over 128 only in paged answers
         * (set {@link #pageSize(int)}).
         */
        public Builder firstNameLength(int length) {
            this.firstNameLength = length;
            return this;
        }

        /** Close the connection after every response ({@code Connection: close}). */
        public Builder closeConnections() {
            this.closeConnections = true;
            return this;
        }

        /** Accept every request and never answer it. */
        public Builder hang() {
            this.hang = true;
            return this;
        }

        public TestMcpServer start() {
            try {
                return new TestMcpServer(this);
            } catch (Exception e) {
                throw new IllegalStateException("Test MCP server did not start", e);
            }
        }
    }

    private TestMcpServer(Builder config) throws Exception {
        this.config = config;
        JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(new ObjectMapper());
        HttpServlet servlet;
        List<McpServerFeatures.AsyncToolSpecification> specs = new ArrayList<>();
        for (int i = 1; i <= config.tools; i++) {
            McpSchema.Tool tool = McpSchema.Tool.builder()
                    // The SDK's server refuses names over 128 characters; paged answers (the filter's) carry them.
                    .name(toolName(config, i).length() > 128 ? "tool-" + i : toolName(config, i))
                    .description(toolDescription(config, i))
                    .inputSchema(Map.of("type", "object"))
                    .build();
            specs.add(McpServerFeatures.AsyncToolSpecification.builder()
                    .tool(tool)
                    .callHandler((exchange, request) -> Mono.just(McpSchema.CallToolResult.builder()
                            .addTextContent("ok").build()))
                    .build());
        }
        McpSchema.ServerCapabilities capabilities = McpSchema.ServerCapabilities.builder().tools(false).build();
        if (config.legacySse) {
            HttpServletSseServerTransportProvider provider = HttpServletSseServerTransportProvider.builder()
                    .jsonMapper(mapper)
                    .sseEndpoint("/sse")
                    .messageEndpoint("/mcp/message")
                    .build();
            mcp = McpServer.async(provider).serverInfo("test-sse-server", "1.0.0").capabilities(capabilities)
                    .tools(specs).build();
            servlet = provider;
        } else {
            HttpServletStreamableServerTransportProvider provider = HttpServletStreamableServerTransportProvider
                    .builder()
                    .jsonMapper(mapper)
                    .mcpEndpoint("/mcp")
                    .build();
            mcp = McpServer.async(provider).serverInfo("test-server", "1.0.0").capabilities(capabilities)
                    .tools(specs).build();
            servlet = provider;
        }
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        // Connectors may carry 32 headers of 8192 characters; Jetty's default (8 KiB) would refuse them itself.
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .setRequestHeaderSize(4 << 20);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        FilterHolder filter = new FilterHolder(new Behaviour());
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        port = connector.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** The URL to register: {@code http://127.0.0.1:port/mcp}, or {@code /sse} for a legacy server. */
    public String url() {
        return "http://127.0.0.1:" + port + (config.legacySse ? "/sse" : "/mcp");
    }

    /** HTTP requests received, of any kind. */
    public int requests() {
        return requests.get();
    }

    /** {@code tools/list} requests received (Streamable HTTP). */
    public int toolListCalls() {
        return toolListCalls.get();
    }

    /** DELETE requests received: Streamable HTTP sessions the client closed. */
    public int deletes() {
        return deletes.get();
    }

    /** SSE GET streams open now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Headers of every request received, lower-case names. */
    public List<Map<String, String>> seenHeaders() {
        return List.copyOf(seenHeaders);
    }

    /** {@code params.clientInfo} of the last {@code initialize}, or {@code null}. */
    public JsonNode clientInfo() {
        return clientInfo;
    }

    @Override
    public void close() {
        try {
            mcp.closeGracefully().block(Duration.ofSeconds(2));
        } catch (RuntimeException ignored) {
            // Stopping Jetty below ends whatever is left.
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies the configured behaviour in front of the SDK's servlet. */
    private final class Behaviour implements Filter {

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            requests.incrementAndGet();
            if (config.closeConnections) {
                response.setHeader("Connection", "close");
            }
            Map<String, String> headers = new ConcurrentHashMap<>();
            request.getHeaderNames().asIterator().forEachRemaining(name ->
                    headers.put(name.toLowerCase(), request.getHeader(name)));
            seenHeaders.add(headers);
            if ("DELETE".equals(request.getMethod())) {
                deletes.incrementAndGet();
            }
            if (config.hang) {
                request.startAsync().setTimeout(0);
                return;
            }
            if (config.unauthorized || (config.headerName != null
                    && !config.headerValue.equals(request.getHeader(config.headerName)))) {
                response.setStatus(401);
                response.setHeader("WWW-Authenticate", "Bearer");
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"unauthorized\"}");
                return;
            }
            if (config.html) {
                response.setStatus(200);
                response.setContentType("text/html");
                response.getWriter().write("<!doctype html><html><body><h1>Welcome</h1></body></html>");
                return;
            }
            HttpServletRequest forwarded = request;
            if ("POST".equals(request.getMethod())) {
                byte[] body = request.getInputStream().readAllBytes();
                JsonNode message = parse(body);
                String method = message == null ? null : message.path("method").asText(null);
                if ("initialize".equals(method)) {
                    clientInfo = message.path("params").path("clientInfo");
                }
                if ("tools/list".equals(method)) {
                    toolListCalls.incrementAndGet();
                    sleep(config.delay);
                    if (config.pageSize > 0 && !config.legacySse) {
                        writePage(message, response);
                        return;
                    }
                }
                forwarded = new CachedBody(request, body);
            }
            chain.doFilter(forwarded, response);
            if (forwarded.isAsyncStarted() && "GET".equals(request.getMethod())) {
                openStreams.incrementAndGet();
                forwarded.getAsyncContext().addListener(new StreamEnd());
            }
        }

        private void writePage(JsonNode message, HttpServletResponse response) throws IOException {
            int start = message.path("params").path("cursor").asInt(0);
            int end = Math.min(config.tools, start + config.pageSize);
            ObjectNode result = JSON.createObjectNode();
            ArrayNode tools = result.putArray("tools");
            for (int i = start + 1; i <= end; i++) {
                ObjectNode tool = tools.addObject();
                tool.put("name", toolName(config, i));
                tool.put("description", toolDescription(config, i));
                tool.putObject("inputSchema").put("type", "object");
            }
            if (end < config.tools) {
                result.put("nextCursor", String.valueOf(end));
            }
            ObjectNode envelope = JSON.createObjectNode();
            envelope.put("jsonrpc", "2.0");
            envelope.set("id", message.get("id"));
            envelope.set("result", result);
            response.setStatus(200);
            response.setContentType("application/json");
            response.getWriter().write(JSON.writeValueAsString(envelope));
        }
    }

    private final class StreamEnd implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            openStreams.decrementAndGet();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }
    }

    private static String toolName(Builder config, int i) {
        String name = "tool-" + i;
        return i == 1 && config.firstNameLength > name.length()
                ? name + "x".repeat(config.firstNameLength - name.length()) : name;
    }

    private static String toolDescription(Builder config, int i) {
        return config.description != null ? config.description : "Test tool " + i;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request with its body already read, so the SDK's servlet can read it again. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }

    // --- Recording helpers for secret tests ----------------------------------------------------------------

    /** Every value of the header {@code name} (any case) this server received, in order of arrival. */
    public List<String> headerValues(String name) {
        String lower = name.toLowerCase();
        return seenHeaders.stream().filter(h -> h.containsKey(lower)).map(h -> h.get(lower)).toList();
    }

    /** Whether {@code secret} arrived here inside any request header value. */
    public boolean received(String secret) {
        return seenHeaders.stream().anyMatch(h -> h.values().stream().anyMatch(v -> v.contains(secret)));
    }
}
