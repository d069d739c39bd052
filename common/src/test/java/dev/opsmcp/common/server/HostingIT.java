package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The hosting surface through real Jetty and the SDK's real clients. */
class HostingIT {
  static TestServer server;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(NotesServer.SPEC, Map.of("OPSMCP_MAX_REQUEST_BYTES", "65536"));
    key = server.newKey("acme");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Nested
  class BothTransports {
    @Test
    void streamableAndSse_listTheSameTools_andCallSystemInfo() {
      McpSyncClient http = server.streamableClient(key);
      McpSyncClient sse = server.sseClient(key);
      try {
        assertThat(http.listTools().tools())
            .extracting(McpSchema.Tool::name)
            .containsExactlyInAnyOrder("system_info", "add_note", "list_notes")
            .containsExactlyInAnyOrderElementsOf(
                sse.listTools().tools().stream().map(McpSchema.Tool::name).toList());
        for (McpSyncClient client : new McpSyncClient[] {http, sse}) {
          var result = client.callTool(new McpSchema.CallToolRequest("system_info", Map.of()));
          assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
          @SuppressWarnings("unchecked")
          Map<String, Object> info = (Map<String, Object>) result.structuredContent();
          assertThat(info)
              .containsEntry("server", "notes")
              .containsEntry("tenant", "acme")
              .containsEntry("database_status", "ok");
        }
      } finally {
        http.closeGracefully();
        sse.closeGracefully();
      }
    }

    @Test
    void toolAnnotations_areHonest() {
      McpSyncClient http = server.streamableClient(key);
      try {
        var tools = http.listTools().tools();
        var add = tools.stream().filter(t -> t.name().equals("add_note")).findFirst().orElseThrow();
        var info =
            tools.stream().filter(t -> t.name().equals("system_info")).findFirst().orElseThrow();
        assertThat(add.annotations().readOnlyHint()).isFalse();
        assertThat(info.annotations().readOnlyHint()).isTrue();
        assertThat(add.inputSchema().get("required")).isEqualTo(java.util.List.of("text"));
      } finally {
        http.closeGracefully();
      }
    }
  }

  @Nested
  class ToolErrors {
    @Test
    void badArguments_giveAnIsErrorResultWrittenForTheModel() {
      McpSyncClient http = server.streamableClient(key);
      try {
        var missing = http.callTool(new McpSchema.CallToolRequest("add_note", Map.of()));
        assertThat(missing.isError()).isTrue();
        assertThat(text(missing)).contains("missing required argument 'text'");

        var unknown =
            http.callTool(
                new McpSchema.CallToolRequest("add_note", Map.of("text", "x", "tenant", "other")));
        assertThat(unknown.isError()).isTrue();
        assertThat(text(unknown)).contains("tenant").contains("send only text");

        var blank = http.callTool(new McpSchema.CallToolRequest("add_note", Map.of("text", " ")));
        assertThat(blank.isError()).isTrue();
        assertThat(text(blank)).isEqualTo("text is empty: send the note's text");
      } finally {
        http.closeGracefully();
      }
    }
  }

  @Nested
  class PlainEndpoints {
    @Test
    void health_needsNoAuth_andReportsTheDatabase() {
      HttpResponse<String> r = Http.get(server.baseUrl() + "/health");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"ok\"").contains("\"database\"");
    }

    @Test
    void metrics_countToolCallsByToolAndOutcome() {
      McpSyncClient http = server.streamableClient(key);
      try {
        http.callTool(new McpSchema.CallToolRequest("system_info", Map.of()));
        http.callTool(new McpSchema.CallToolRequest("add_note", Map.of()));
      } finally {
        http.closeGracefully();
      }
      String body = Http.get(server.baseUrl() + "/metrics").body();
      assertThat(body)
          .contains(
              "opsmcp_tool_calls_seconds_count{outcome=\"ok\",server=\"notes\",tool=\"system_info\"}")
          .contains("outcome=\"tool_error\",server=\"notes\",tool=\"add_note\"")
          .contains("opsmcp_mcp_sessions{server=\"notes\",transport=\"streamable_http\"}")
          .contains("opsmcp_http_requests_seconds_count");
    }

    @Test
    void protectedResourceMetadata_namesThisResource() {
      HttpResponse<String> r = Http.get(server.baseUrl() + "/.well-known/oauth-protected-resource");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body())
          .contains("\"resource\":\"" + server.baseUrl() + "\"")
          .contains("logs:read");
    }

    @Test
    void unknownPath_isSmallJson() {
      HttpResponse<String> r = Http.get(server.baseUrl() + "/nope");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).startsWith("{").doesNotContain("Exception").doesNotContain("<html");
    }
  }

  @Nested
  class TransportErrors {
    @Test
    void unknownSessionId_gets404_withACleanJsonRpcError() {
      HttpResponse<String> r =
          Http.postJson(
              server.baseUrl() + "/mcp",
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
              "Authorization",
              Http.bearer(key),
              "Mcp-Session-Id",
              "no-such-session");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body())
          .contains("\"jsonrpc\":\"2.0\"")
          .contains("initialize")
          .doesNotContain("stackTrace")
          .doesNotContain("Exception");
    }

    @Test
    void malformedBody_gets400_withoutJavaInternals() {
      HttpResponse<String> r =
          Http.postJson(server.baseUrl() + "/mcp", "{not json", "Authorization", Http.bearer(key));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body())
          .contains("\"jsonrpc\":\"2.0\"")
          .doesNotContain("stackTrace")
          .doesNotContain("Exception")
          .doesNotContain("at io.");
    }

    @Test
    void sseMessage_toUnknownSession_gets404_clean() {
      HttpResponse<String> r =
          Http.postJson(
              server.baseUrl() + "/message?sessionId=nope",
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
              "Authorization",
              Http.bearer(key));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).doesNotContain("Exception").doesNotContain("stackTrace");
    }

    @Test
    void idleSessions_areReaped_andThenGet404() throws Exception {
      try (TestServer idle =
          TestServer.start(NotesServer.SPEC, Map.of("OPSMCP_SESSION_IDLE_SECONDS", "1"))) {
        String k = idle.newKey("acme");
        HttpResponse<String> init =
            Http.postJson(
                idle.baseUrl() + "/mcp", Http.INITIALIZE, "Authorization", Http.bearer(k));
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        assertThat(
                Http.postJson(
                        idle.baseUrl() + "/mcp",
                        list,
                        "Authorization",
                        Http.bearer(k),
                        "Mcp-Session-Id",
                        session)
                    .statusCode())
            .isEqualTo(200);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        int status = 200;
        while (status == 200 && System.nanoTime() < deadline) {
          Thread.sleep(3_500); // idle for more than two sweep intervals
          status =
              Http.postJson(
                      idle.baseUrl() + "/mcp",
                      list,
                      "Authorization",
                      Http.bearer(k),
                      "Mcp-Session-Id",
                      session)
                  .statusCode();
        }
        assertThat(status).isEqualTo(404);
      }
    }

    @Test
    void bodyOverTheCap_gets413_readByAClientStillSending() {
      // 1 MiB against a 64 KiB cap: the client is still writing when the answer is ready. Without
      // the body being read first, the close resets the connection and the 413 is lost.
      String big =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"p\":\""
              + "a".repeat(1 << 20)
              + "\"}}";
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r =
            Http.postJson(server.baseUrl() + "/mcp", big, "Authorization", Http.bearer(key));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("payload_too_large").doesNotContain("Exception");
      }
    }
  }

  private static String text(McpSchema.CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }
}
