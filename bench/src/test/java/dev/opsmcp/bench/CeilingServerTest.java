package dev.opsmcp.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class CeilingServerTest {
  @Test
  void answersEveryPostWithTheFixedJsonRpcResult() throws Exception {
    var jetty = CeilingServer.start("127.0.0.1", 0);
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(jetty.getURI().resolve("/mcp"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      // What bench/wrk/tools-call.lua counts as a successful answer.
      assertThat(new String(response.body(), UTF_8))
          .isEqualTo(new String(CeilingServer.ANSWER, UTF_8))
          .contains("\"result\"")
          .doesNotContain("\"isError\":true");
    } finally {
      jetty.stop();
    }
  }
}
