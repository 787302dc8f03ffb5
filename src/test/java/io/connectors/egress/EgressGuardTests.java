package io.connectors.egress;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The service as production runs it: no allow list, so loopback is refused like any internal address. The result is
 * a test that ran (200) with a generic error, and the server never sees a request. (Unresolvable names are covered
 * by {@code EgressGuardTest} with a map resolver, so no test sends a DNS query off this machine.)
 */
@QuarkusTest
@TestProfile(EgressGuardTests.NoAllowList.class)
class EgressGuardTests {

    public static class NoAllowList implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connectors.egress.allow", "");
        }
    }

    @Test
    void loopbackIsRefusedByIpNameAndMappedAddress() {
        String org = uniqueName("org-guard");
        String token = Tokens.staff("alice", org);
        String base = "/api/organizations/" + org;
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            for (String host : List.of("127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "127.1.2.3")) {
                String url = "http://" + host + ":" + server.port() + "/mcp";
                String id = as(token).body(Map.of("name", uniqueName("loop"), "url", url)).post(base + "/mcps")
                        .then().statusCode(201).extract().path("id");
                String expected = "Cannot connect to " + host + ":" + server.port()
                        + ": the name does not resolve or the address is not reachable from this service";
                as(token).body(Map.of("mcp_id", id)).post(base + "/mcps/test").then().statusCode(200)
                        .body("success", equalTo(false))
                        .body("error", equalTo(expected))
                        .body("toolsets[0].error", equalTo(expected))
                        .body("toolsets[0].tool_count", equalTo(0));
            }
            assertEquals(0, server.requests());
        }
    }

    @Test
    void hostFromAVariableIsRefusedAfterInjectionWithTheGenericText() {
        String org = uniqueName("org-guard-var");
        String token = Tokens.staff("alice", org);
        String base = "/api/organizations/" + org;
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            String name = uniqueName("via-variable");
            String id = as(token).body(Map.of("name", name, "url", "http://{{HOST}}/mcp")).post(base + "/mcps")
                    .then().statusCode(201).extract().path("id");
            String expected = "Cannot connect to the server of " + name
                    + ": the name does not resolve or the address is not reachable from this service";
            // A private address (refused as a literal, before any connection) and this machine's own test server.
            for (String host : List.of("10.1.2.3", "127.0.0.1:" + server.port())) {
                as(token).body(Map.of("value", host, "secret", false)).put(base + "/variables/HOST")
                        .then().statusCode(anyOf(equalTo(200), equalTo(201)));
                as(token).body(Map.of("mcp_id", id)).post(base + "/mcps/test").then().statusCode(200)
                        .body("success", equalTo(false))
                        .body("error", equalTo(expected))
                        .body("toolsets[0].error", equalTo(expected));
            }
            assertEquals(0, server.requests(), "nothing reached the server");
        }
    }

    @Test
    void refusedAndUnreachableReadTheSameExceptForTheServerLabel() throws Exception {
        String org = uniqueName("org-guard-same");
        String token = Tokens.staff("alice", org);
        String base = "/api/organizations/" + org;
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String refused = errorOf(token, base, "http://10.0.0.1/mcp");
        String unreachable = errorOf(token, base, "http://127.0.0.1:" + closedPort + "/mcp");
        assertEquals("Cannot connect to 10.0.0.1: the name does not resolve or the address is not reachable from "
                + "this service", refused);
        assertEquals(refused.replace("10.0.0.1", "127.0.0.1:" + closedPort), unreachable);
    }

    private static String errorOf(String token, String base, String url) {
        String id = as(token).body(Map.of("name", uniqueName("same"), "url", url)).post(base + "/mcps")
                .then().statusCode(201).extract().path("id");
        return as(token).body(Map.of("mcp_id", id)).post(base + "/mcps/test").then().statusCode(200)
                .body("success", equalTo(false)).extract().path("error");
    }
}
