package dev.opsmcp.common.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.tool.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxTest {
  @Test
  void slackText_isEscaped_andOnlyOurLinkIsMarkup() {
    Notification n =
        new Notification(
            "question",
            "Approval needed: <!here>",
            "<!channel> see <https://evil.example|Open in OpsMCP> & reply",
            "https://ops.example.com/#session=ses_1",
            Map.of());

    Object text = Json.MAPPER.readValue(Outbox.payload("slack", "acme", n), Map.class).get("text");

    assertThat(text)
        .isEqualTo(
            "*Approval needed: &lt;!here&gt;*\n"
                + "&lt;!channel&gt; see &lt;https://evil.example|Open in OpsMCP&gt; &amp; reply\n"
                + "<https://ops.example.com/#session=ses_1|Open in OpsMCP>");
  }

  @Test
  void webhookPayload_keepsTheTextAsWritten() {
    Notification n = new Notification("question", "t", "a < b & c", null, Map.of());

    assertThat(Outbox.payload("webhook", "acme", n)).contains("\"text\":\"a < b & c\"");
  }
}
