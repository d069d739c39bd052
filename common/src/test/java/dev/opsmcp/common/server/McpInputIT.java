package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.testing.Http;
import dev.opsmcp.common.testing.Internals;
import dev.opsmcp.common.testing.NotesServer;
import dev.opsmcp.common.testing.RawSse;
import dev.opsmcp.common.testing.TestServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile requests on the MCP endpoints: each gets a clear 4xx or JSON-RPC error that
 * says what to send, never a 500, a silence, or our class names.
 */
class McpInputIT {
  static TestServer server;
  static String key;

  @BeforeAll
  static void start() throws Exception {
    // A long keep-alive interval: headers that wait for the first ping would show.
    server =
        TestServer.start(
            NotesServer.SPEC,
            Map.of("OPSMCP_KEEPALIVE_SECONDS", "120", "OPSMCP_RATE_LIMIT_PER_MINUTE", "100000"));
    key = server.newKey("acme");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> mcp(String session, byte[] body) {
    List<String> headers = new ArrayList<>(List.of("Authorization", Http.bearer(key)));
    headers.addAll(List.of("Content-Type", "application/json"));
    headers.addAll(List.of("Accept", "application/json, text/event-stream"));
    if (session != null) {
      headers.addAll(List.of("Mcp-Session-Id", session));
    }
    return Http.post(server.baseUrl() + "/mcp", body, headers.toArray(String[]::new));
  }

  static HttpResponse<String> mcp(String session, String body) {
    return mcp(session, body.getBytes(StandardCharsets.UTF_8));
  }

  static void assertClean4xx(HttpResponse<String> r) {
    assertThat(r.statusCode()).as("status of %s", r.body()).isBetween(400, 499);
    assertThat(r.body()).as("body").isNotBlank();
    assertThat(Internals.in(r.body())).as("internals in %s", r.body()).isNull();
  }

  static final String DEEP = "[".repeat(10_000) + "]".repeat(10_000);

  static final List<byte[]> MALFORMED =
      List.of(
          "not json".getBytes(StandardCharsets.UTF_8),
          new byte[0],
          "null".getBytes(StandardCharsets.UTF_8),
          "[]".getBytes(StandardCharsets.UTF_8),
          "5".getBytes(StandardCharsets.UTF_8),
          "\"s\"".getBytes(StandardCharsets.UTF_8),
          "[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}]".getBytes(StandardCharsets.UTF_8),
          "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
          DEEP.getBytes(StandardCharsets.UTF_8),
          new byte[] {
            '{',
            '"',
            'j',
            's',
            'o',
            'n',
            'r',
            'p',
            'c',
            '"',
            ':',
            '"',
            (byte) 0xC3,
            (byte) 0x28,
            '"',
            '}'
          },
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"x\":\"\u00ff\"}}"
              .getBytes(StandardCharsets.ISO_8859_1));

  @Nested
  class Streamable {
    @Test
    void malformedMessages_get400_thatSayWhatToSend() {
      String session = Http.session(server.baseUrl(), key);
      for (byte[] body : MALFORMED) {
        for (String s : new String[] {null, session}) {
          HttpResponse<String> r = mcp(s, body);
          assertClean4xx(r);
          assertThat(r.body()).contains("\"jsonrpc\":\"2.0\"").contains("send");
        }
      }
    }

    @Test
    void aResponseToNoRequestOfOurs_gets400() {
      String session = Http.session(server.baseUrl(), key);
      HttpResponse<String> r = mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":77,\"result\":{}}");
      assertClean4xx(r);
      assertThat(r.body()).contains("77");
    }

    @Test
    void toolsCall_withoutParams_orWithArgumentsNotAnObject_getsInvalidParams() {
      String session = Http.session(server.baseUrl(), key);
      List<String> calls = new ArrayList<>();
      calls.add("{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\"}");
      calls.add("{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":[]}");
      calls.add(
          "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":"
              + "{\"arguments\":{}}}");
      for (String arguments : new String[] {"[]", "\"s\"", "1", "true"}) {
        calls.add(
            "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"add_note\",\"arguments\":"
                + arguments
                + "}}");
      }
      for (String call : calls) {
        HttpResponse<String> r = mcp(session, call);
        assertThat(r.statusCode()).as(call).isEqualTo(200);
        assertThat(r.body())
            .as(call)
            .contains("\"id\":21")
            .contains("-32602")
            .containsAnyOf("arguments", "name");
        assertThat(Internals.in(r.body())).as(r.body()).isNull();
      }
    }

    @Test
    void promptsGetAndResourcesRead_withoutTheirParams_getInvalidParams() {
      String session = Http.session(server.baseUrl(), key);
      for (String call :
          List.of(
              "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"prompts/get\"}",
              "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"prompts/get\",\"params\":"
                  + "{\"name\":\"review_notes\",\"arguments\":[]}}",
              "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"prompts/get\",\"params\":"
                  + "{\"name\":\""
                  + "p".repeat(100_000)
                  + "\"}}",
              "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"resources/read\"}",
              "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"resources/read\",\"params\":"
                  + "{\"uri\":5}}")) {
        HttpResponse<String> r = mcp(session, call);
        assertThat(r.statusCode()).as(call).isEqualTo(200);
        assertThat(r.body()).as(call).contains("\"id\":41").contains("-32602");
        assertThat(r.body().length()).isLessThan(2_000);
        assertThat(Internals.in(r.body())).as(r.body()).isNull();
      }
    }

    @Test
    void resourcesRead_ofAUriOver2048Characters_isRefusedSayingTheLimit() {
      String session = Http.session(server.baseUrl(), key);
      HttpResponse<String> r =
          mcp(
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":43,\"method\":\"resources/read\",\"params\":"
                  + "{\"uri\":\"note://"
                  + "7".repeat(3_000)
                  + "\"}}");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"id\":43").contains("-32602").contains("at most 2,048");
      assertThat(r.body().length()).isLessThan(2_000);
    }

    @Test
    void aResourceRefusalQuotingAHugeId_isCutAt2000Characters_andSaysSo() {
      String session = Http.session(server.baseUrl(), key);
      HttpResponse<String> r =
          mcp(
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":45,\"method\":\"resources/read\",\"params\":"
                  + "{\"uri\":\"note://"
                  + "x".repeat(2_030)
                  + "\"}}");
      assertThat(r.body()).contains("\"id\":45").contains("refusal cut from");
      assertThat(r.body().length()).isLessThan(2_300);
    }

    @Test
    void resourcesRead_withABrokenPercentEscape_isRefusedAsInvalid_notAnInternalError() {
      String session = Http.session(server.baseUrl(), key);
      for (String id : List.of("%", "%g1", "7%")) {
        HttpResponse<String> r =
            mcp(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":44,\"method\":\"resources/read\",\"params\":"
                    + "{\"uri\":\"note://"
                    + id
                    + "\"}}");
        assertThat(r.body()).as(id).contains("\"id\":44").contains("-32602").contains("%25");
      }
    }

    @Test
    void aListeningStream_sendsItsHeadersAtOnce() throws Exception {
      String session = Http.session(server.baseUrl(), key);
      HttpClient client = HttpClient.newHttpClient();
      long start = System.nanoTime();
      HttpResponse<InputStream> r =
          client
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                      .header("Authorization", Http.bearer(key))
                      .header("Accept", "text/event-stream")
                      .header("Mcp-Session-Id", session)
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofInputStream())
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      try (InputStream body = r.body()) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      }
    }

    @Test
    void head_isAnsweredAtOnce_withoutTakingOverTheSession() throws Exception {
      String session = Http.session(server.baseUrl(), key);
      long start = System.nanoTime();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                      .header("Authorization", Http.bearer(key))
                      .header("Accept", "text/event-stream")
                      .header("Mcp-Session-Id", session)
                      .method("HEAD", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(r.statusCode()).isLessThan(500);
      assertThat(
              mcp(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}").statusCode())
          .isEqualTo(200);
    }
  }

  @Nested
  class LegacySse {
    @Test
    void malformedMessages_get400_thatSayWhatToSend() throws Exception {
      try (RawSse sse = RawSse.open(server.baseUrl(), key)) {
        for (byte[] body : MALFORMED) {
          HttpResponse<String> r = sse.post(body);
          assertClean4xx(r);
          assertThat(r.body()).contains("\"jsonrpc\":\"2.0\"").contains("send");
        }
        assertThat(sse.post("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}").statusCode())
            .isEqualTo(200);
        assertThat(sse.response(8, Duration.ofSeconds(10))).contains("\"result\"");
      }
    }

    @Test
    void toolsCall_withArgumentsNotAnObject_getsInvalidParams_withoutClassNames() throws Exception {
      try (RawSse sse = RawSse.open(server.baseUrl(), key)) {
        HttpResponse<String> r =
            sse.post(
                "{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"add_note\",\"arguments\":[]}}");
        String answer = r.statusCode() == 200 ? sse.response(31, Duration.ofSeconds(10)) : r.body();
        assertThat(answer).as("status %s", r.statusCode()).contains("-32602").contains("arguments");
        assertThat(Internals.in(answer)).as(answer).isNull();

        HttpResponse<String> noParams =
            sse.post("{\"jsonrpc\":\"2.0\",\"id\":32,\"method\":\"tools/call\"}");
        String second =
            noParams.statusCode() == 200
                ? sse.response(32, Duration.ofSeconds(10))
                : noParams.body();
        assertThat(second).contains("-32602");
        assertThat(Internals.in(second)).as(second).isNull();
      }
    }
  }

  @Nested
  class Arguments {
    @Test
    void aWrongType_namesTheArgumentAndItsType_withoutClassNames_onBothTransports() {
      McpSyncClient http = server.streamableClient(key);
      McpSyncClient sse = server.sseClient(key);
      try {
        for (McpSyncClient client : new McpSyncClient[] {http, sse}) {
          for (Object wrong : new Object[] {List.of("a"), 5, true, Map.of("a", 1)}) {
            String text = error(client, "add_note", Map.of("text", wrong));
            assertThat(text).contains("'text'").contains("string");
            assertThat(Internals.in(text)).as(text).isNull();
          }
        }
      } finally {
        http.closeGracefully();
        sse.closeGracefully();
      }
    }

    @Test
    void anUnknownArgument_isNamed_withTheOnesTheToolTakes_andAHugeNameIsNotEchoed() {
      McpSyncClient http = server.streamableClient(key);
      try {
        String text = error(http, "add_note", Map.of("text", "t", "colour", "red"));
        assertThat(text).contains("'colour'").contains("text");
        assertThat(Internals.in(text)).as(text).isNull();

        String huge = "x".repeat(40_000);
        String echoed = error(http, "add_note", Map.of("text", "t", huge, 1));
        assertThat(echoed.length()).isLessThan(2_000);
      } finally {
        http.closeGracefully();
      }
    }
  }

  @Nested
  class HttpLevel {
    @Test
    void aContentTypeWithAHugeCharset_gets415_onBothTransports() throws Exception {
      String contentType = "application/json; charset=" + "x".repeat(5_000);
      String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
      HttpResponse<String> streamable =
          Http.post(
              server.baseUrl() + "/mcp",
              ping.getBytes(StandardCharsets.UTF_8),
              "Authorization",
              Http.bearer(key),
              "Accept",
              "application/json, text/event-stream",
              "Content-Type",
              contentType);
      assertClean4xx(streamable);
      assertThat(streamable.statusCode()).isEqualTo(415);
      assertThat(streamable.body().length()).isLessThan(1_000);
      try (RawSse sse = RawSse.open(server.baseUrl(), key)) {
        HttpResponse<String> message =
            Http.post(
                sse.messageUrl(),
                ping.getBytes(StandardCharsets.UTF_8),
                "Authorization",
                Http.bearer(key),
                "Content-Type",
                contentType);
        assertThat(message.statusCode()).isEqualTo(415);
        assertThat(Internals.in(message.body())).isNull();
      }
    }

    @Test
    void unsupportedMethodOrHttpVersion_isRefused_withoutClaimingAnInternalError()
        throws Exception {
      HttpResponse<String> propfind =
          Http.send(
              "PROPFIND",
              server.baseUrl() + "/mcp",
              new byte[0],
              "Authorization",
              Http.bearer(key));
      assertThat(propfind.statusCode()).isIn(405, 501);
      assertThat(propfind.body()).doesNotContainIgnoringCase("internal error").contains("GET");

      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /health HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 505");
        assertThat(answer).doesNotContainIgnoringCase("internal error").contains("HTTP/1.1");
      }
    }
  }

  static String error(McpSyncClient client, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(r.isError()).as("%s %s should fail", tool, args.keySet()).isTrue();
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }
}
