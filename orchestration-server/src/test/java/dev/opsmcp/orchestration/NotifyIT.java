package dev.opsmcp.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsmcp.common.notify.Channel;
import dev.opsmcp.common.notify.Channels;
import dev.opsmcp.common.notify.WebhookSignature;
import dev.opsmcp.common.testing.TestServer;
import dev.opsmcp.common.tool.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** notify_team, get_notification and lifecycle announcements through the durable outbox. */
class NotifyIT {
  static TestServer orch;
  static Channels channels;

  @BeforeAll
  static void start() throws Exception {
    orch = TestServer.start(OrchestrationServer.SPEC, Map.of("OPSMCP_NOTIFY_BACKOFF_SECONDS", "1"));
    channels = new Channels(orch.db());
  }

  @AfterAll
  static void stop() {
    orch.close();
  }

  @Test
  void signedWebhook_failingThreeTimesThenSucceeding_getsExactlyOneDelivery_thatVerifies()
      throws Exception {
    try (Receiver receiver = new Receiver(3);
        Agent agent = new Agent(orch.baseUrl(), orch.newKey("signed"))) {
      String secret = WebhookSignature.newSecret();
      channels.add("signed", Channel.WEBHOOK, receiver.url() + "/hook", secret);
      Map<String, Object> sent =
          agent.call("notify_team", Map.of("message", "rolling back payments", "severity", "sev2"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> notifications =
          (List<Map<String, Object>>) sent.get("notifications");
      assertThat(notifications).hasSize(1);
      assertThat(notifications.get(0))
          .containsEntry("signed", true)
          .containsEntry("status", "pending");
      Object id = notifications.get(0).get("id");
      Waits.until(
          "the fourth attempt to succeed",
          Duration.ofSeconds(30),
          () ->
              "sent"
                  .equals(
                      agent.call("get_notification", Map.of("notification_id", id)).get("status")));
      Map<String, Object> state = agent.call("get_notification", Map.of("notification_id", id));
      assertThat(state).containsEntry("attempts", 4);
      Thread.sleep(2_500); // nothing more may arrive after the success
      assertThat(receiver.requests).hasSize(4);
      assertThat(receiver.requests)
          .extracting(r -> r.header("webhook-id"))
          .containsOnly("msg_" + id);
      Receiver.Request delivered = receiver.requests.get(3);
      String expected =
          "v1,"
              + hmac(
                  secret,
                  delivered.header("webhook-id")
                      + "."
                      + delivered.header("webhook-timestamp")
                      + "."
                      + delivered.body());
      assertThat(delivered.header("webhook-signature")).isEqualTo(expected);
      assertThat(
              Math.abs(
                  Long.parseLong(delivered.header("webhook-timestamp"))
                      - System.currentTimeMillis() / 1000))
          .isLessThan(60);
      assertThat(delivered.body()).contains("rolling back payments", "[SEV2]");
    }
  }

  @Test
  void incidentOpened_severityChanged_resolved_goToTheTenantsChannels_unsignedWithoutASecret() {
    try (Receiver receiver = new Receiver(0);
        Agent agent = new Agent(orch.baseUrl(), orch.newKey("announce"))) {
      channels.add("announce", Channel.WEBHOOK, receiver.url() + "/events");
      @SuppressWarnings("unchecked")
      Map<String, Object> inc =
          (Map<String, Object>)
              agent
                  .call("create_incident", Map.of("title", "api 5xx", "severity", "SEV3"))
                  .get("incident");
      agent.call("update_incident", Map.of("incident_id", inc.get("ref"), "severity", "SEV1"));
      agent.call(
          "update_incident", Map.of("incident_id", inc.get("ref"), "summary", "no announcement"));
      agent.call("update_incident", Map.of("incident_id", inc.get("ref"), "status", "resolved"));
      Waits.until(
          "three announcements", Duration.ofSeconds(15), () -> receiver.requests.size() >= 3);
      List<String> events =
          receiver.requests.stream()
              .map(r -> (String) Json.MAPPER.readValue(r.body(), Map.class).get("event"))
              .toList();
      // Delivered in parallel (two at a time per URL): the order of arrival is not fixed.
      assertThat(events)
          .containsExactlyInAnyOrder(
              "incident_opened", "incident_severity_changed", "incident_resolved");
      assertThat(receiver.requests)
          .anyMatch(r -> r.body().contains(inc.get("ref") + " severity SEV3 → SEV1"));
      assertThat(receiver.requests.get(0).header("webhook-signature")).isNull();
    }
  }

  @Test
  void slackChannel_isPacedToAboutOneMessageASecond() {
    try (Receiver receiver = new Receiver(0);
        Agent agent = new Agent(orch.baseUrl(), orch.newKey("paced"))) {
      channels.add("paced", Channel.SLACK, receiver.url() + "/services/T/B/x");
      agent.call("notify_team", Map.of("message", "one"));
      agent.call("notify_team", Map.of("message", "two"));
      agent.call("notify_team", Map.of("message", "three"));
      Waits.until("three posts", Duration.ofSeconds(15), () -> receiver.requests.size() >= 3);
      long first = receiver.requests.get(0).atNanos();
      long third = receiver.requests.get(2).atNanos();
      assertThat(Duration.ofNanos(third - first)).isGreaterThanOrEqualTo(Duration.ofMillis(1_800));
      assertThat(receiver.requests.get(0).body()).contains("\"text\"");
    }
  }

  @Test
  void refusals_foreignNotification_unknownChannel_noChannels() {
    try (Receiver receiver = new Receiver(0);
        Agent agent = new Agent(orch.baseUrl(), orch.newKey("owner"));
        Agent stranger = new Agent(orch.baseUrl(), orch.newKey("stranger"))) {
      assertThat(stranger.error("notify_team", Map.of("message", "hi")))
          .contains("no notification channels");
      channels.add("owner", Channel.WEBHOOK, receiver.url() + "/x");
      @SuppressWarnings("unchecked")
      Object id =
          ((List<Map<String, Object>>)
                  agent.call("notify_team", Map.of("message", "hi")).get("notifications"))
              .get(0)
              .get("id");
      assertThat(stranger.error("get_notification", Map.of("notification_id", id)))
          .contains("no notification " + id);
      assertThat(agent.error("notify_team", Map.of("message", "hi", "channel", "ch_nope")))
          .contains("no channel ch_nope");
      assertThat(agent.error("notify_team", Map.of("message", "hi", "incident_id", "INC-999999")))
          .contains("no incident INC-999999");
    }
  }

  static String hmac(String secret, String content) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
  }
}
