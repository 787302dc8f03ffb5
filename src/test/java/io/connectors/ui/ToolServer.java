package io.connectors.ui;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
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

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * A real MCP server (streamable HTTP at {@code /mcp}) on 127.0.0.1 for the page's test dialog: it lists the given
 * tools, and answers 401 unless the request carries the expected header, so a test can tell a kept secret from a
 * lost one.
 */
final class ToolServer implements AutoCloseable {

    private final Server jetty;
    private final McpSyncServer mcp;

    private ToolServer(Server jetty, McpSyncServer mcp) {
        this.jetty = jetty;
        this.mcp = mcp;
    }

    static ToolServer start(String headerName, String headerValue, Map<String, String> tools) throws Exception {
        var mapper = new JacksonMcpJsonMapper(new com.fasterxml.jackson.databind.ObjectMapper());
        var transport = HttpServletStreamableServerTransportProvider.builder().jsonMapper(mapper).mcpEndpoint("/mcp").build();
        List<McpServerFeatures.SyncToolSpecification> specs = tools.entrySet().stream()
                .map(t -> McpServerFeatures.SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder().name(t.getKey()).description(t.getValue())
                                .inputSchema(Map.of("type", "object")).build())
                        .callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("ok").build())
                        .build())
                .toList();
        McpSyncServer mcp = McpServer.sync(transport).serverInfo("ui-test-tools", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specs).build();

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        Filter requireHeader = (request, response, chain) -> {
            if (headerValue.equals(((HttpServletRequest) request).getHeader(headerName))) {
                chain.doFilter(request, response);
            } else {
                ((HttpServletResponse) response).sendError(401);
            }
        };
        FilterHolder filter = new FilterHolder(requireHeader);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        return new ToolServer(jetty, mcp);
    }

    /** Base URL of the MCP endpoint, e.g. {@code http://127.0.0.1:40123/mcp}. */
    String url() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp";
    }

    @Override
    public void close() throws Exception {
        mcp.closeGracefully();
        jetty.stop();
    }
}
