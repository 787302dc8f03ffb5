package io.connectors.gateway.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.converters.uni.UniReactorConverters;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * The gateway's MCP server: the MCP Java SDK's stateless server ({@code McpStatelessAsyncServer}) behind a
 * transport of ours that Quarkus REST feeds one POSTed message at a time. The SDK answers {@code initialize}
 * (version negotiation, capabilities with {@code tools.listChanged}), {@code ping}, unknown methods and
 * notifications; {@code tools/list} and {@code tools/call} are answered here from the request's teammate
 * ({@link GatewayTools}), since the SDK's server holds one fixed tool set per instance and doesn't page.
 */
@Singleton
public class GatewayProtocol {

    /** What to send back: the HTTP status and the JSON body ({@code null}: none). */
    public record Reply(int status, String body) {

        /** The body holds what upstream tools answered: never printed. */
        @Override
        public String toString() {
            return "Reply[status=" + status + ", body=" + (body == null ? "none" : body.length() + " characters")
                    + "]";
        }
    }

    static final String SESSION = "connectors.gateway.session";

    private final McpJsonMapper json = new JacksonMcpJsonMapper(
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
    private final GatewayTools tools;
    private final Transport transport = new Transport();

    public GatewayProtocol(GatewayTools tools) {
        this.tools = tools;
        McpServer.async(transport)
                .serverInfo("connectors-gateway", "1.0.0")
                .jsonMapper(json)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .instructions("The tools of this AI teammate's connectors, each named <connector>__<tool>.")
                .build();
    }

    /** The protocol versions this server speaks (the SDK's), oldest first. */
    public List<String> protocolVersions() {
        return transport.protocolVersions();
    }

    /** Answers one POSTed JSON-RPC message for {@code session}. */
    public Uni<Reply> handle(GatewayTools.Session session, String body) {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, body == null ? "" : body);
        } catch (Exception e) {
            return Uni.createFrom().item(error(400, null, McpSchema.ErrorCodes.PARSE_ERROR,
                    "The body is not a JSON-RPC request, notification or response"));
        }
        McpTransportContext context = McpTransportContext.create(Map.of(SESSION, session));
        if (message instanceof McpSchema.JSONRPCRequest request) {
            return Uni.createFrom().deferred(() -> answer(session, context, request))
                    .onFailure().recoverWithItem(failure -> McpSchema.JSONRPCResponse.error(request.id(),
                            jsonRpcError(failure)))
                    .map(response -> new Reply(200, write(response)));
        }
        if (message instanceof McpSchema.JSONRPCNotification notification) {
            if (!McpSchema.METHOD_NOTIFICATION_INITIALIZED.equals(notification.method())) {
                return Uni.createFrom().item(new Reply(202, null)); // nothing to do without a session
            }
            return uni(transport.handler.handleNotification(context, notification))
                    .onFailure().recoverWithNull()
                    .replaceWith(new Reply(202, null));
        }
        return Uni.createFrom().item(new Reply(202, null)); // a response to a request we never send
    }

    /** A JSON-RPC error reply for problems found before any message could be answered. */
    public Reply error(int status, Object id, int code, String message) {
        // Written as a map: the SDK's response type refuses the null id JSON-RPC prescribes for these.
        Map<String, Object> response = new java.util.LinkedHashMap<>();
        response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        response.put("id", id);
        response.put("error", Map.of("code", code, "message", message));
        return new Reply(status, write(response));
    }

    private Uni<McpSchema.JSONRPCResponse> answer(GatewayTools.Session session, McpTransportContext context,
            McpSchema.JSONRPCRequest request) {
        if (McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
            String cursor = request.params() == null ? null
                    : json.convertValue(request.params(), McpSchema.PaginatedRequest.class).cursor();
            return tools.listTools(session, cursor).map(result -> McpSchema.JSONRPCResponse.result(request.id(),
                    result));
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(request.method())) {
            McpSchema.CallToolRequest call;
            try {
                call = json.convertValue(request.params(), McpSchema.CallToolRequest.class);
            } catch (IllegalArgumentException e) {
                call = null;
            }
            if (call == null || call.name() == null) {
                return Uni.createFrom().failure(McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                        .message("tools/call needs the name of a tool").build());
            }
            return tools.callTool(session, call).map(result -> McpSchema.JSONRPCResponse.result(request.id(),
                    result));
        }
        return uni(transport.handler.handleRequest(context, request)
                .contextWrite(ctx -> ctx.put(McpTransportContext.KEY, context)));
    }

    private static McpSchema.JSONRPCResponse.JSONRPCError jsonRpcError(Throwable failure) {
        if (failure instanceof McpError error && error.getJsonRpcError() != null) {
            return error.getJsonRpcError();
        }
        if (failure instanceof IllegalArgumentException) {
            return new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Invalid params", null);
        }
        // Plain text only: an unexpected failure's own message may say more than a client should see.
        Log.errorf("Gateway request failed: %s", failure.getClass().getName());
        return new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR,
                "The gateway could not answer this request", null);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A JSON-RPC answer could not be written", e);
        }
    }

    private static <T> Uni<T> uni(Mono<T> mono) {
        return Uni.createFrom().converter(UniReactorConverters.fromMono(), mono);
    }

    /** The SDK's server hands its handler here; Quarkus REST, not this class, does the HTTP. */
    private static final class Transport implements McpStatelessServerTransport {

        private volatile McpStatelessServerHandler handler;

        @Override
        public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
            this.handler = mcpHandler;
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.empty();
        }
    }
}
