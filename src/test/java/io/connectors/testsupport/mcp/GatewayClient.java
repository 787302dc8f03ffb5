package io.connectors.testsupport.mcp;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URL;
import java.time.Duration;

/**
 * The MCP Java SDK's own client connected to a teammate's gateway through the service's real HTTP port, as an agent
 * runtime or an IDE would connect: only the endpoint URL and a bearer token.
 */
public final class GatewayClient {

    private GatewayClient() {
    }

    public static String path(String org, String employee) {
        return "/api/organizations/" + org + "/mcps/employee/" + employee + "/mcp";
    }

    /** An initialized client; close it when done. */
    public static McpSyncClient connect(URL service, String org, String employee, String token) {
        String base = "http://127.0.0.1:" + service.getPort();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
                .endpoint(path(org, employee))
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()
                        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)))
                .httpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.setHeader("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("gateway-test", "1.0.0"))
                .requestTimeout(Duration.ofSeconds(20))
                .initializationTimeout(Duration.ofSeconds(20))
                .build();
        client.initialize();
        return client;
    }
}
