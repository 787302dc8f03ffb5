package io.connectors.mcp.rest;

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
import static org.hamcrest.Matchers.containsString;
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
                as(token).body(Map.of("mcp_id", id)).post(base + "/mcps/test").then().statusCode(200)
                        .body("success", equalTo(false))
                        .body("error", containsString("the name does not resolve or the address is not reachable"))
                        .body("toolsets[0].tool_count", equalTo(0));
            }
            assertEquals(0, server.requests());
        }
    }
}
