package io.connectors.mcp.bench;

import io.connectors.testsupport.mcp.TestMcpServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-out benchmark's MCP servers in a process of their own, so that the benchmark's numbers describe the
 * tester and not the servers sharing its JVM (its heap, GC and JIT).
 *
 * <p>Usage: {@code McpServerFarm COUNT DELAY_MS URL_FILE}: starts COUNT Streamable HTTP servers on 127.0.0.1 with 5
 * tools each, answering {@code tools/list} after DELAY_MS, writes one URL per line to URL_FILE (renamed into place
 * once complete), and serves until its standard input closes or it is killed.
 */
public final class McpServerFarm {

    private McpServerFarm() {
    }

    public static void main(String[] args) throws IOException {
        int count = Integer.parseInt(args[0]);
        Duration delay = Duration.ofMillis(Long.parseLong(args[1]));
        Path urlFile = Path.of(args[2]);
        List<TestMcpServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                servers.add(TestMcpServer.streamable().tools(5).delay(delay).start());
            }
            Path partial = urlFile.resolveSibling(urlFile.getFileName() + ".partial");
            Files.write(partial, servers.stream().map(TestMcpServer::url).toList());
            Files.move(partial, urlFile);
            while (System.in.read() >= 0) {
                // serve until the parent closes our input
            }
        } finally {
            servers.forEach(TestMcpServer::close);
        }
        System.exit(0);
    }
}
