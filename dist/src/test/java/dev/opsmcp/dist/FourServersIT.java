package dev.opsmcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of the four real servers, as the launcher wires it, over both transports. */
class FourServersIT {
  static Stream<String> servers() {
    return Launcher.SERVERS.keySet().stream().sorted();
  }

  /** A scope that opens this server, and one that opens another server but not this one. */
  private static final Map<String, Scope[]> SCOPES =
      Map.of(
          "monitoring", new Scope[] {Scope.MONITORING_READ, Scope.LOGS_READ},
          "orchestration", new Scope[] {Scope.INCIDENTS_READ, Scope.MONITORING_READ},
          "log-analytics", new Scope[] {Scope.LOGS_READ, Scope.MESSAGING_AGENT},
          "messaging", new Scope[] {Scope.MESSAGING_HUMAN, Scope.ANALYSIS_RUN});

  @ParameterizedTest
  @MethodSource("servers")
  void server_answersHealth_andSystemInfo_overBothTransports(String name) throws Exception {
    try (TestServer server = TestServer.start(Launcher.SERVERS.get(name))) {
      assertThat(Http.get(server.baseUrl() + "/health").body())
          .contains("\"server\":\"" + name + "\"");
      String key = server.newKey("acme", SCOPES.get(name)[0]);
      for (McpSyncClient client :
          new McpSyncClient[] {server.streamableClient(key), server.sseClient(key)}) {
        try {
          var result = client.callTool(new McpSchema.CallToolRequest("system_info", Map.of()));
          @SuppressWarnings("unchecked")
          Map<String, Object> info = (Map<String, Object>) result.structuredContent();
          assertThat(info).containsEntry("server", name).containsEntry("tenant", "acme");
        } finally {
          client.closeGracefully();
        }
      }
      String foreign = server.newKey("acme", SCOPES.get(name)[1]);
      assertThat(
              Http.postJson(
                      server.baseUrl() + "/mcp",
                      Http.INITIALIZE,
                      "Authorization",
                      Http.bearer(foreign))
                  .statusCode())
          .isEqualTo(403);
    }
  }
}
