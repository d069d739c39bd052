package dev.opsmcp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class McpSessionTest {
  @Test
  void sseData_joinsTheDataLinesOfAnEvent() {
    String body =
        "id: abc\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\ndata:\"result\":{}}\n\n";

    assertThat(McpSession.sseData(body))
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":7,\n\"result\":{}}");
  }

  @Test
  void sseData_passesPlainJsonThrough() {
    assertThat(McpSession.sseData("{\"id\":1}")).isEqualTo("{\"id\":1}");
  }
}
