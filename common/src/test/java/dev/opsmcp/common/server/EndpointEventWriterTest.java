package dev.opsmcp.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class EndpointEventWriterTest {
  @Test
  void theEndpointEventsSessionId_isReplaced_evenWhenWrittenInPieces_laterEventsPassThrough() {
    StringWriter sink = new StringWriter();
    PrintWriter writer = new EndpointEventWriter(new PrintWriter(sink), raw -> raw + ".bound");

    writer.write("event: endpoint\n");
    writer.write("data: /message?session");
    writer.write("Id=abc-123\n\n");
    writer.write("event: message\ndata: {\"sessionId=abc-123\"}\n\n");
    writer.flush();

    assertThat(sink.toString())
        .isEqualTo(
            "event: endpoint\ndata: /message?sessionId=abc-123.bound\n\n"
                + "event: message\ndata: {\"sessionId=abc-123\"}\n\n");
  }

  @Test
  void nothingIsHeldBack_pastTheFirstEventsLimit() {
    StringWriter sink = new StringWriter();
    PrintWriter writer = new EndpointEventWriter(new PrintWriter(sink), raw -> "never");

    writer.write("x".repeat(5000));
    writer.flush();

    assertThat(sink.toString()).hasSize(5000);
  }
}
