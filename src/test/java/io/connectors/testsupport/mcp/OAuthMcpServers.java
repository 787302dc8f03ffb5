package io.connectors.testsupport.mcp;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Points the predefined OAuth MCPs at real MCP servers on 127.0.0.1 and the Google token endpoint at a stub, for
 * every {@code @QuarkusTest} (one boot for all). Gmail: a Streamable HTTP server with 2 tools; Google Drive: "drive"
 * (Streamable HTTP, 3 tools) and "sheets" (legacy SSE, 1 tool); Google Calendar stays unconfigured. The stub
 * answers a refresh with {@link #REFRESHED_ACCESS_TOKEN} and records the form bodies it received.
 * Also sets the tester's deadlines for tests (connect 3 s, total 5 s) and a free HTTP test port.
 */
public class OAuthMcpServers implements QuarkusTestResourceLifecycleManager {

    public static final String REFRESHED_ACCESS_TOKEN = "refreshed-access-token";
    public static final String REFRESHED_REFRESH_TOKEN = "refreshed-refresh-token";
    public static final String CLIENT_ID = "test-client";

    public static TestMcpServer gmail;
    public static TestMcpServer drive;
    public static TestMcpServer sheets;
    public static final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    private HttpServer tokenEndpoint;

    @Override
    public Map<String, String> start() {
        gmail = TestMcpServer.streamable().tools(2).start();
        drive = TestMcpServer.streamable().tools(3).start();
        sheets = TestMcpServer.sse().tools(1).start();
        try {
            tokenEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tokenEndpoint.createContext("/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            tokenRequests.add(form);
            boolean good = form.contains("grant_type=refresh_token") && !form.contains("refresh_token=revoked");
            byte[] body = (good
                    ? "{\"access_token\":\"" + REFRESHED_ACCESS_TOKEN + "\",\"expires_in\":3600,\"refresh_token\":\""
                            + REFRESHED_REFRESH_TOKEN + "\",\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"invalid_grant\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(good ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokenEndpoint.start();
        return Map.of(
                // A free port: several test JVMs may run on one machine.
                "quarkus.http.test-port", "0",
                "connectors.oauth-mcps.gmail.toolsets.gmail.url", gmail.url(),
                "connectors.oauth-mcps.google_drive.toolsets.drive.url", drive.url(),
                "connectors.oauth-mcps.google_drive.toolsets.sheets.url", sheets.url(),
                "connectors.integrations.google.token-url",
                "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token",
                "connectors.integrations.google.client-id", CLIENT_ID,
                "connectors.integrations.google.client-secret", "test-secret",
                "connectors.tester.connect-timeout", "3s",
                "connectors.tester.total-timeout", "5s");
    }

    @Override
    public void stop() {
        for (TestMcpServer server : new TestMcpServer[] {gmail, drive, sheets}) {
            if (server != null) {
                server.close();
            }
        }
        if (tokenEndpoint != null) {
            tokenEndpoint.stop(0);
        }
    }
}
