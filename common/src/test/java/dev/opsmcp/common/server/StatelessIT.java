package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsmcp.common.auth.Scope;
import dev.opsmcp.common.testing.AgentClient;
import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.McpClients;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code OPSMCP_MCP_STATELESS=true}: {@code /mcp} served by the SDK's stateless transport, through
 * the SDK's real streamable-HTTP client. No session is made or needed, so any replica can answer
 * any request; auth, scopes, tenants, prompts and resources work as with sessions; legacy SSE is
 * unchanged.
 */
class StatelessIT {
  static TestServer server;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(NotesServer.SPEC, Map.of("OPSMCP_MCP_STATELESS", "true"));
    key = server.newKey("acme", Scope.MONITORING_READ);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void initialize_answersJsonWithoutASession() {
    HttpResponse<String> r =
        Http.postJson(
            server.baseUrl() + "/mcp", Http.INITIALIZE, "Authorization", Http.bearer(key));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.body()).contains("\"serverInfo\"").contains("\"protocolVersion\"");
  }

  @Test
  void aToolCall_needsNoInitializeFirst_andIsAuthenticated() {
    String call =
        """
        {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add_note",\
        "arguments":{"text":"no session"}}}""";
    HttpResponse<String> r =
        Http.postJson(server.baseUrl() + "/mcp", call, "Authorization", Http.bearer(key));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"id\":7").contains("\"structuredContent\"");

    assertThat(Http.postJson(server.baseUrl() + "/mcp", call).statusCode()).isEqualTo(401);
  }

  @Test
  void theSdkClient_callsToolsReadsResourcesAndRendersPrompts() {
    try (AgentClient agent = server.agent(key)) {
      long id =
          ((Number) agent.call("add_note", Map.of("text", "cache down")).get("id")).longValue();
      assertThat(agent.read("note://" + id)).contains("cache down");
      assertThat(agent.prompt("review_notes", Map.of("topic", "cache"))).hasSize(1);
      assertThat(agent.error("add_note", Map.of("text", ""))).contains("text is empty");

      try (AgentClient other = server.agent(server.newKey("other", Scope.MONITORING_READ))) {
        assertThatThrownBy(() -> other.read("note://" + id)).hasMessageContaining("no note " + id);
      }
    }
  }

  @Test
  void toolsList_showsEachCredentialOnlyWhatItsScopesAllow() {
    try (AgentClient writer = server.agent(server.newKey("acme", Scope.INCIDENTS_WRITE));
        AgentClient reader = server.agent(key)) {
      assertThat(writer.client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .doesNotContain("add_note", "list_notes")
          .contains("system_info");
      assertThat(reader.client.listTools().tools())
          .extracting(McpSchema.Tool::name)
          .contains("add_note", "list_notes", "system_info");
    }
  }

  @Test
  void getOnMcp_opensNoStream() {
    HttpResponse<String> r =
        Http.get(
            server.baseUrl() + "/mcp",
            "Authorization",
            Http.bearer(key),
            "Accept",
            "text/event-stream");
    assertThat(r.statusCode()).isEqualTo(405);
  }

  @Test
  void legacySse_stillHasItsSessions() {
    McpSyncClient sse = McpClients.sse(server.baseUrl(), key);
    try {
      McpSchema.CallToolResult r =
          sse.callTool(new McpSchema.CallToolRequest("list_notes", Map.of()));
      assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
    } finally {
      sse.closeGracefully();
    }
  }
}
